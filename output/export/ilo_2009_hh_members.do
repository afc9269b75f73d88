* ilo_2009_hh_members.dta with the sampling design of ilo_2009_hh declared for Stata's svy: (written by migstat run;
* docs/exports.md): clusters: psu; strata: region_code x settlement; weights: weight; each row carries the design of its ilo_2009_hh_households row.
* Stata cannot tell where a do-file is: run it in the export directory (do ilo_2009_hh_members.do), or give the directory,
* do "path/to/export/ilo_2009_hh_members.do" "path/to/export".
args dir
if `"`dir'"' == "" local dir `"`c(pwd)'"'
capture confirm file `"`dir'/ilo_2009_hh_members.dta"'
if _rc {
    display as error `"ilo_2009_hh_members.dta is not in `dir': run  do "path/to/export/ilo_2009_hh_members.do" "path/to/export""'
    exit 601
}
use hh_id weight region_code settlement psu using `"`dir'/ilo_2009_hh_households.dta"', clear
tempfile design
save `design'
use `"`dir'/ilo_2009_hh_members.dta"', clear
merge m:1 hh_id using `design', keep(master match) nogenerate
egen stratum = group(region_code settlement)
* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error
* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).
svyset psu [pweight=weight], strata(stratum) vce(linearized)
* Calibration (pipeline.json): raked to official.households_2010 (households) by region_code and by settlement; scope calibrated_statistics: estimates.csv's exhibits use the design weights, only statistics declared "calibrated" the calibrated ones.
* Not declared here: svyset's poststrata()/postweight() take one post-stratum variable with its population total merged in,
* and raking needs svycal rake (Stata 18) with each margin's totals; the R script beside this one declares it (in the parent's).
