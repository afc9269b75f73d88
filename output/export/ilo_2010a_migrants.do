* ilo_2010a_migrants.dta with the sampling design of ilo_2010a declared for Stata's svy: (written by migstat run;
* docs/exports.md): each row its own unit (simple random sample); unweighted.
* Stata cannot tell where a do-file is: run it in the export directory (do ilo_2010a_migrants.do), or give the directory,
* do "path/to/export/ilo_2010a_migrants.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/ilo_2010a_migrants.dta"'
if _rc {
    display as error `"ilo_2010a_migrants.dta is not in `dir': run  do "path/to/export/ilo_2010a_migrants.do" "path/to/export""'
    exit 601
}
use `"`dir'/ilo_2010a_migrants.dta"', clear
* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error
* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).
svyset _n, vce(linearized)
