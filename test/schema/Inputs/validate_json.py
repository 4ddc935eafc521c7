"""Validates a JSON or YAML document against a JSON Schema (draft 7).

Usage: validate_json.py SCHEMA DOCUMENT
Exits 1 and prints every violation when the document does not validate.
"""
import json
import sys

import jsonschema

import yaml_core


def load(path):
    if path.endswith(".yaml"):
        return yaml_core.load(path)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


schema = load(sys.argv[1])
jsonschema.Draft7Validator.check_schema(schema)
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(load(sys.argv[2])),
                key=lambda e: list(e.absolute_path))
for error in errors:
    print(f"{sys.argv[2]}: /{'/'.join(map(str, error.absolute_path))}: {error.message}")
sys.exit(1 if errors else 0)
