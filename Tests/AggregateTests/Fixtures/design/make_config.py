"""Writes pipeline.json of the design fixtures (run once, output committed)."""
import json
fmt = {"encoding": "utf-8", "delimiter": ","}
def col(name, type, **kw): return dict(name=name, type=type, **kw)
ycodes = [{"code": c, "name": n} for c, n in [("1", "one"), ("2", "two"), ("3", "three"), ("4", "four")]]
hh_cols = [col("hh_id", "integer"), col("region", "text"), col("zone", "text"), col("psu", "integer"), col("weight", "decimal"),
           col("fpc", "integer"), col("y", "code", codes=ycodes, no_answer=["9"]), col("income", "decimal"),
           col("tiny", "code", codes=[{"code": "0", "name": "no"}, {"code": "1", "name": "yes"}]),
           col("rare", "code", codes=[{"code": "0", "name": "no"}, {"code": "1", "name": "yes"}]), col("group", "text")]
def hh_source(id, design):
    return {"id": id, "title": id, "mode": "strict", "format": fmt, "tables": [
        {"id": "households", "file": "households.csv", "grain": "one row per household", "key": ["hh_id"], "design": design, "columns": hh_cols},
        {"id": "members", "file": "members.csv", "grain": "one row per member", "key": ["hh_id", "line_no"],
         "parent": {"table": "households", "columns": ["hh_id"]},
         "columns": [col("hh_id", "integer"), col("line_no", "integer"), col("sex", "code", codes=[{"code": "1", "name": "male"}, {"code": "2", "name": "female"}]),
                     col("age", "integer"), col("abroad", "code", codes=[{"code": "0", "name": "no"}, {"code": "1", "name": "yes"}])]}]}
persons_cols = [col("id", "integer"), col("sex", "code", codes=[{"code": "1", "name": "male"}, {"code": "2", "name": "female"}]),
                col("answer", "code", codes=[{"code": "1", "name": "a"}, {"code": "2", "name": "b"}, {"code": "3", "name": "c"}], no_answer=["9"]),
                col("w", "decimal")]
def persons_source(id, design):
    t = {"id": "persons", "file": "persons.csv", "grain": "one row per person", "key": ["id"], "columns": persons_cols}
    if design: t["design"] = design
    return {"id": id, "title": id, "mode": "strict", "format": fmt, "tables": [t]}
design = {"weight": "weight", "strata": ["region", "zone"], "psu": "psu"}
sources = [hh_source("svy", design), hh_source("svyfpc", dict(design, fpc="fpc")),
           persons_source("srs", None), persons_source("srsw", {"weight": "w"})]
def ex(id, frm, series): return {"id": id, "number": id, "kind": "table", "title": id, "from": frm, "source_note": "fixture",
                                  "series": series, "layout": {"rows": "categories", "values": ["percent"], "decimals": 1}}
def y_series(var="y"):
    return [{"id": "all", "variable": var}, {"id": "g1", "variable": var, "where": {"group": "g1"}},
            {"id": "tiny", "variable": var, "where": {"tiny": "1"}}, {"id": "south_a", "variable": var, "where": {"region": "S", "zone": "a"}}]
ind = lambda cat, var, val: {"category": cat, "variable": var, "equals": val}
exhibits = [
    ex("hh_y", "svy.households", y_series()),
    ex("hh_y_fpc", "svyfpc.households", y_series()),
    ex("hh_flags", "svy.households", [{"id": "all", "indicators": [ind("rare", "rare", "1"), ind("common", "rare", "0")]},
                                       {"id": "north", "where": {"region": "N"}, "indicators": [ind("rare", "rare", "1")]}]),
    ex("members_abroad", "svy.members", [{"id": "all", "indicators": [ind("abroad", "abroad", "1")]},
                                          {"id": "male", "where": {"sex": "1"}, "indicators": [ind("abroad", "abroad", "1")]},
                                          {"id": "working_age", "where": {"age": {"min": 15, "max": 64}}, "indicators": [ind("abroad", "abroad", "1")]}]),
    ex("srs_answer", "srs.persons", [{"id": "all", "variable": "answer"}, {"id": "male", "variable": "answer", "where": {"sex": "1"}}]),
    ex("srsw_answer", "srsw.persons", [{"id": "all", "variable": "answer"}, {"id": "male", "variable": "answer", "where": {"sex": "1"}}]),
]
config = {"version": 1, "study": {"title": "Design fixtures", "published_values": "published.csv"}, "sources": sources, "exhibits": exhibits}
json.dump(config, open("pipeline.json", "w"), indent=1)
