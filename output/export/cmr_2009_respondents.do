* cmr_2009_respondents.dta with the sampling design of cmr_2009 declared for Stata's svy: (written by migstat run;
* docs/exports.md): each row its own unit (simple random sample); unweighted.
* Stata cannot tell where a do-file is: run it in the export directory (do cmr_2009_respondents.do), or give the directory,
* do "path/to/export/cmr_2009_respondents.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/cmr_2009_respondents.dta"'
if _rc {
    display as error `"cmr_2009_respondents.dta is not in `dir': run  do "path/to/export/cmr_2009_respondents.do" "path/to/export""'
    exit 601
}
use `"`dir'/cmr_2009_respondents.dta"', clear
* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error
* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).
svyset _n, vce(linearized)
