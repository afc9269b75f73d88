* akf_2008_respondents.dta with the sampling design of akf_2008 declared for Stata's svy: (written by migstat run;
* docs/exports.md): each row its own unit (simple random sample); weights: WEIGHT.
* Stata cannot tell where a do-file is: run it in the export directory (do akf_2008_respondents.do), or give the directory,
* do "path/to/export/akf_2008_respondents.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/akf_2008_respondents.dta"'
if _rc {
    display as error `"akf_2008_respondents.dta is not in `dir': run  do "path/to/export/akf_2008_respondents.do" "path/to/export""'
    exit 601
}
use `"`dir'/akf_2008_respondents.dta"', clear
* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error
* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).
svyset _n [pweight=WEIGHT], vce(linearized)
