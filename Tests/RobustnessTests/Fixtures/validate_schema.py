"""Validates JSON files against a JSON Schema (draft 2020-12) with the `jsonschema` package: one JSON line per file.

Usage: python validate_schema.py SCHEMA FILE...
A file that is not JSON, or that gives a key twice (JSON Schema sees objects after parsing, where a duplicate is
already gone, so the parse itself refuses it here), is reported invalid as a schema violation would be.
"""
import json
import sys

from jsonschema import Draft202012Validator


def refuse_duplicates(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise ValueError(f'duplicate key "{key}"')
        seen.add(key)
    return dict(pairs)


schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
for path in sys.argv[2:]:
    try:
        document = json.loads(open(path, encoding="utf-8").read(), object_pairs_hook=refuse_duplicates)
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        print(json.dumps({"file": path, "valid": False, "error": str(error)}))
        continue
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    first = errors[0] if errors else None
    print(json.dumps({"file": path, "valid": first is None,
                      "error": None if first is None else f"{first.json_path}: {first.message}"}))
