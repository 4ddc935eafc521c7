"""Checks that schemas/telegen.schema.json and telegen's loader agree.

Usage: jsonschema_sync.py TELEGEN SCHEMA_JSON BUILTINS_DIR FILE...

For every YAML file given (the test corpus, the built-in schemas, the
example and the documentation's example):
  - when telegen finds a shape error in it (an unknown key, a wrong type, a
    missing or conflicting key), the JSON Schema rejects it too;
  - when telegen finds no error in it, the JSON Schema accepts it;
and over the files both accept:
  - every property and enum value the JSON Schema defines is used, so
    editors never suggest a key telegen refuses.
The built-in schema names the JSON Schema lists are the files in
BUILTINS_DIR. Files telegen cannot read as YAML are left out.
"""
import json
import os
import subprocess
import sys

import jsonschema

import yaml_core

SHAPE_CHECKS = {"schema.unknown-key", "schema.wrong-type", "schema.missing-key",
                "schema.conflicting-keys"}

telegen, schema_path, builtins_dir, *files = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
problems = []


def errors_in(path):
    """The errors telegen reports in the file itself, or None when it is not
    YAML telegen reads."""
    run = subprocess.run([telegen, "check", "--format=json", path],
                         capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        problems.append(f"{path}: telegen exited {run.returncode}: {run.stderr}")
        return None
    errors = [d for d in json.loads(run.stdout)["diagnostics"]
              if d["severity"] == "error"
              if os.path.abspath(d.get("file", "")) == os.path.abspath(path)]
    if any(d["check"].startswith("yaml.") for d in errors):
        return None
    return errors


used_keys, used_values = set(), set()


def collect(node):
    if isinstance(node, dict):
        for key, value in node.items():
            used_keys.add(key)
            collect(value)
    elif isinstance(node, list):
        for item in node:
            collect(item)
    else:
        used_values.add(node)


for path in files:
    errors = errors_in(path)
    if errors is None:
        continue
    shape = [d for d in errors if d["check"] in SHAPE_CHECKS]
    document = yaml_core.load(path)
    violations = list(validator.iter_errors(document))
    if shape and not violations:
        problems.append(f"{path}: telegen reports {shape[0]['check']} at line "
                        f"{shape[0]['line']} ({shape[0]['message']}), "
                        "but the JSON Schema accepts the file")
    if not errors and violations:
        problems.append(f"{path}: telegen accepts the file, but the JSON Schema "
                        f"does not: /{'/'.join(map(str, violations[0].absolute_path))}: "
                        f"{violations[0].message}")
    if not errors and not violations:
        collect(document)


def defined(node, keys, values):
    """Collects the property names and enum/const values a JSON Schema
    defines; 'properties' and 'definitions' map names to schemas."""
    if isinstance(node, list):
        for child in node:
            defined(child, keys, values)
        return
    if not isinstance(node, dict):
        return
    for keyword, child in node.items():
        if keyword == "properties":
            keys.update(child)
            defined(list(child.values()), keys, values)
        elif keyword == "definitions":
            defined(list(child.values()), keys, values)
        elif keyword == "enum":
            values.update(child)
        elif keyword == "const":
            values.add(child)
        else:
            defined(child, keys, values)


keys, values = set(), set()
defined(schema, keys, values)
for key in sorted(keys - used_keys):
    problems.append(f"the JSON Schema defines '{key}', which no accepted file uses")
for value in sorted(values - used_values, key=str):
    problems.append(f"the JSON Schema allows '{value}', which no accepted file uses")

builtins = {name[:-len(".yaml")] for name in os.listdir(builtins_dir)
            if name.endswith(".yaml")}
listed = set(schema["definitions"]["import"]["properties"]["builtin"]["enum"])
if builtins != listed:
    problems.append(f"the JSON Schema lists built-in schemas {sorted(listed)}, "
                    f"but {builtins_dir} has {sorted(builtins)}")

for problem in problems:
    print(problem)
print(f"{len(files)} files compared, {len(problems)} disagreements")
sys.exit(1 if problems else 0)
