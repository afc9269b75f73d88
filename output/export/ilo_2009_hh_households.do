* ilo_2009_hh_households.dta with the sampling design of ilo_2009_hh declared for Stata's svy: (written by migstat run;
* docs/exports.md): clusters: psu; strata: region_code x settlement; weights: weight.
* Stata cannot tell where a do-file is: run it in the export directory (do ilo_2009_hh_households.do), or give the directory,
* do "path/to/export/ilo_2009_hh_households.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/ilo_2009_hh_households.dta"'
if _rc {
    display as error `"ilo_2009_hh_households.dta is not in `dir': run  do "path/to/export/ilo_2009_hh_households.do" "path/to/export""'
    exit 601
}
use `"`dir'/ilo_2009_hh_households.dta"', clear
egen stratum = group(region_code settlement)
svyset psu [pweight=weight], strata(stratum) vce(linearized)
