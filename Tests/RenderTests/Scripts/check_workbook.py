"""Opens tables.xlsx with openpyxl and compares its numbers with estimates.csv (a contrasts sheet's with
contrasts.csv beside it); prints one line per problem, then "sheets=N numbers=M" (WorkbookTests asserts on
both). Usage: check_workbook.py TABLES.xlsx ESTIMATES.csv"""
import csv, os, sys, zipfile
import openpyxl

HEADER_ROW = 3  # openpyxl counts from 1: title, spanners, column headers (TablesWorkbook.headerRow = 2)
workbook_path, estimates_path = sys.argv[1], sys.argv[2]
by_exhibit = {}
with open(estimates_path, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        by_exhibit.setdefault(r["exhibit"], []).append(r)

contrasts_path = os.path.join(os.path.dirname(estimates_path), "contrasts.csv")
contrasts = {}
if os.path.exists(contrasts_path):
    with open(contrasts_path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            contrasts.setdefault(r["exhibit"], []).append(r)
# A contrasts sheet's header → its column of contrasts.csv.
CONTRAST_COLUMNS = {"% a": "percent_a", "% b": "percent_b", "Difference (points)": "difference", "95% CI low": "ci_low",
                    "95% CI high": "ci_high", "t": "t", "df": "df", "p": "p_value"}

def num(s):
    return float(s) if s != "" else None

def close(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9

def decimals(number_format):
    head = number_format.split('"')[0]  # 0.0"‡": the mark is a suffix
    return len(head.split(".")[1]) if "." in head else 0

def printed(value, e, d):
    """A census percentage is stored as printed: the estimate rounded to the cell's decimals, nothing finer."""
    p = num(e["percent"])
    if e["interval_method"] != "census":
        return close(value, p)
    return p is not None and abs(round(value, d) - value) < 1e-9 and abs(value - p) <= 0.5 * 10 ** -d + 1e-9

problems, numbers = [], 0
with zipfile.ZipFile(workbook_path) as z:
    core = z.read("docProps/core.xml").decode()
    if "2000-01-01T00:00:00Z" not in core:
        problems.append("docProps/core.xml: created is not the fixed date")
    for info in z.infolist():
        if info.date_time[0] > 2000:
            problems.append(f"zip entry {info.filename} dated {info.date_time}: a time of the run")

book = openpyxl.load_workbook(workbook_path)
for ws in book.worksheets:
    rows = list(ws.iter_rows(values_only=False))
    exhibit = None
    for row in rows:
        v = row[0].value
        if isinstance(v, str) and v.startswith("Numbers: estimates.csv, exhibit "):
            exhibit = v.rsplit(" ", 1)[1]
    if exhibit is None:
        for row in rows:
            v = row[0].value
            if isinstance(v, str) and v.startswith("Numbers: contrasts.csv, exhibit "):
                exhibit = v.rsplit(" ", 1)[1]
        if exhibit not in contrasts:
            problems.append(f"{ws.title}: names no exhibit of estimates.csv or contrasts.csv ({exhibit})"); continue
        headers = [c.value for c in rows[HEADER_ROW - 1]]
        for row in rows[HEADER_ROW:]:
            if row[0].value is None:
                break
            # One contrast per row: the row's numbers must all be one row's of contrasts.csv.
            cells = [(headers[j], cell) for j, cell in enumerate(row) if isinstance(cell.value, (int, float))]
            numbers += len(cells)
            if not any(all(close(float(cell.value), num(c[CONTRAST_COLUMNS[h]])) for h, cell in cells) for c in contrasts[exhibit]):
                problems.append(f"{ws.title}!A{row[0].row}: {[cell.value for _, cell in cells]} is no contrast of {exhibit}")
        continue
    if exhibit not in by_exhibit:
        problems.append(f"{ws.title}: names no exhibit of estimates.csv ({exhibit})"); continue
    ests = by_exhibit[exhibit]
    headers = [c.value for c in rows[HEADER_ROW - 1]]
    for row in rows[HEADER_ROW:]:
        if row[0].value is None:
            break  # the body ends at the blank row before the notes
        for j, cell in enumerate(row):
            if not isinstance(cell.value, (int, float)):
                continue
            numbers += 1
            value, where = float(cell.value), f"{ws.title}!{cell.coordinate}"
            if cell.number_format == "#,##0":  # a count or a base
                if not any(close(value, num(e["n"])) or close(value, num(e["base_n"])) for e in ests):
                    problems.append(f"{where}: count {value} is no n or base_n of {exhibit}")
                if 1 <= value <= 4 and all(e["interval_method"] == "census" for e in ests):
                    problems.append(f"{where}: census count {value} from 1 to 4 is published")
            elif headers[j] == "95% CI low":
                p, high = row[j - 1].value, row[j + 1].value
                if not any(close(p, num(e["percent"])) and close(value, num(e["ci_low"])) and close(high, num(e["ci_high"])) for e in ests):
                    problems.append(f"{where}: ({p}, {value}, {high}) is no percent and interval of {exhibit}")
            elif headers[j] == "95% CI high":
                continue  # checked with its lower bound
            elif not any(printed(value, e, decimals(cell.number_format)) for e in ests):
                problems.append(f"{where}: percent {value} is no percent of {exhibit}")
for p in problems:
    print(p)
print(f"sheets={len(book.worksheets)} numbers={numbers}")
