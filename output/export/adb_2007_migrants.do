* adb_2007_migrants.dta with the sampling design of adb_2007 declared for Stata's svy: (written by migstat run;
* docs/exports.md): each row its own unit (simple random sample); unweighted.
* Stata cannot tell where a do-file is: run it in the export directory (do adb_2007_migrants.do), or give the directory,
* do "path/to/export/adb_2007_migrants.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/adb_2007_migrants.dta"'
if _rc {
    display as error `"adb_2007_migrants.dta is not in `dir': run  do "path/to/export/adb_2007_migrants.do" "path/to/export""'
    exit 601
}
use `"`dir'/adb_2007_migrants.dta"', clear
* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error
* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).
svyset _n, vce(linearized)
