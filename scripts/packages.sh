# The Debian packages migstat needs, sourced by scripts/setup.sh and .ci/run (one list for both).
# To build and run: libcsv (the CSV parser), SQLite (the store), libcrypto (SHA-256), Graphviz (diagrams), GLPK
# (the census disclosure control's integer programs), ReadStat (Stata/SPSS), libxlsxwriter, librsvg with cairo
# and DejaVu Sans (the figures' PDF and PNG; libpng writes the PNG in bands; fontconfig lists the fonts a kept
# drawing depends on), libpq (--store postgresql://…).
build_packages=(libcsv-dev libsqlite3-dev libssl-dev libgraphviz-dev libglpk-dev libreadstat-dev libxlsxwriter-dev
                librsvg2-dev libpng-dev libfontconfig-dev fonts-dejavu-core libpq-dev)
# For the tests: PostgreSQL (a throwaway cluster), Chromium (report.html at 400 and 1400 px), systemd-analyze and
# logrotate (deploy/), sqlite3 (the store from outside).
test_packages=(postgresql sqlite3 chromium systemd logrotate)
# For the tests, without their recommends: pdflatex (every .tex compiles), pdftoppm/pdffonts, R with survey, haven
# and foreign (export/*.R give estimates.csv's standard errors), Python for the readers' venv.
lean_packages=(poppler-utils python3-venv texlive-latex-recommended texlive-latex-extra texlive-lang-cyrillic
               r-base-core r-cran-survey r-cran-haven r-cran-foreign)
# The Python readers of the tests, in a venv of their own.
python_packages=(pyreadstat pandas openpyxl frictionless jsonschema)
