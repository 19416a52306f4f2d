#!/usr/bin/env python3
"""Validates JSON documents against docs/json schemas (the JSON contract test runs it).

Usage: validate.py PAIRS.json, where PAIRS.json lists [command, document file, schema file].
Schemas may refer to common.schema.json beside them. Exit status 1 lists every failure.
"""
import json
import pathlib
import sys

try:
    import jsonschema
    from referencing import Registry, Resource
except ImportError:
    sys.exit("validate.py needs Python's jsonschema: pip install jsonschema")

here = pathlib.Path(__file__).resolve().parent
resources = []
for path in here.glob("*.schema.json"):
    schema = json.loads(path.read_text(encoding="utf-8"))
    resources.append((path.name, Resource.from_contents(schema)))
registry = Registry().with_resources(resources)

failures = []
for command, document_path, schema_path in json.loads(pathlib.Path(sys.argv[1]).read_text()):
    schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8"))
    text = pathlib.Path(document_path).read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        failures.append(f"{command}: not one JSON document ({error}): {text[:200]}")
        continue
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(document)"
        failures.append(f"{command}: {where}: {error.message}")
print("\n".join(failures))
sys.exit(1 if failures else 0)
