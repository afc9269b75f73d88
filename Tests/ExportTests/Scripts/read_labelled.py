"""Reads every .dta and .sav file of a directory with pyreadstat (a real reader) and prints, as JSON, what a
statistician sees: variables, their labels, types, value labels, missing values and every value."""
import datetime
import json
import math
import os
import sys

import pyreadstat


def cell(v):
    if v is None:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, str):
        return v
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return float(v)


def key(k):
    return k if isinstance(k, str) else float(k)


out = {}
directory = sys.argv[1]
for name in sorted(os.listdir(directory)):
    reader = {"dta": pyreadstat.read_dta, "sav": pyreadstat.read_sav}.get(name.rsplit(".", 1)[-1])
    if reader is None:
        continue
    df, meta = reader(os.path.join(directory, name), user_missing=True)
    out[name] = {
        "columns": list(meta.column_names),
        "labels": list(meta.column_labels),
        "types": [meta.readstat_variable_types[c] for c in meta.column_names],
        "value_labels": {v: [[key(k), l] for k, l in labels.items()] for v, labels in meta.variable_value_labels.items()},
        "missing": {v: [r["lo"] for r in ranges] for v, ranges in meta.missing_ranges.items()},
        "file_label": meta.file_label,
        "notes": list(meta.notes or []),
        "measures": [meta.variable_measure.get(c, "unknown") for c in meta.column_names],
        "formats": [meta.original_variable_types.get(c, "") for c in meta.column_names],
        "rows": [[cell(v) for v in row] for row in df.itertuples(index=False, name=None)],
    }
json.dump(out, sys.stdout, ensure_ascii=False)
