"""Validate documents against pollctl's JSON Schemas with the `jsonschema` package (draft 2020-12).

Input (file given as argv[1]): {"schemas": {"name": schema}, "cases": [{"schema": "name", "doc": ...}]}
Output (stdout): [{"valid": bool, "errors": [...]}] in case order. A schema that is not a valid
draft 2020-12 schema is an error (exit 2).
"""
import json
import sys

import jsonschema

data = json.load(open(sys.argv[1], encoding="utf-8"))
validators = {}
for name, schema in data["schemas"].items():
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"schema {name} is not a valid draft 2020-12 schema: {e.message}", file=sys.stderr)
        sys.exit(2)
    validators[name] = jsonschema.Draft202012Validator(schema)
out = []
for case in data["cases"]:
    errors = [f"{'/'.join(map(str, e.absolute_path))} {e.message}" for e in validators[case["schema"]].iter_errors(case["doc"])]
    out.append({"valid": not errors, "errors": errors})
json.dump(out, sys.stdout)
