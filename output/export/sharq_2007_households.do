* sharq_2007_households.dta with the sampling design of sharq_2007 declared for Stata's svy: (written by migstat run;
* docs/exports.md): each row its own unit (simple random sample); strata: settlement; weights: weight.
* Stata cannot tell where a do-file is: run it in the export directory (do sharq_2007_households.do), or give the directory,
* do "path/to/export/sharq_2007_households.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/sharq_2007_households.dta"'
if _rc {
    display as error `"sharq_2007_households.dta is not in `dir': run  do "path/to/export/sharq_2007_households.do" "path/to/export""'
    exit 601
}
use `"`dir'/sharq_2007_households.dta"', clear
egen stratum = group(settlement)
* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error
* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).
svyset _n [pweight=weight], strata(stratum) vce(linearized)
