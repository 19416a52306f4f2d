#!/usr/bin/env python3
"""Drafts the JSON Schema of a command from a sample of its JSON, to edit and commit.

Usage: CCHC_JSON_SAMPLES=DIR swift test --filter JSONContractTests  (writes DIR/COMMAND.json),
then draft.py DIR/COMMAND.json ... (writes docs/json/COMMAND.schema.json unless it exists;
--force replaces it). Objects are closed (additionalProperties: false) with every key seen
required; fields that may be null by the contract are allowed null whatever the sample shows.
"""
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent

# Fields the contract allows to be null (no value): see docs/commands.md, "Output contract".
NULLABLE = {
    "rank", "index_pct", "band", "band_name", "demoted_from", "gate", "group", "reason", "rank_a",
    "rank_b", "rank_move", "band_a", "band_b", "band_name_a", "band_name_b", "index_a", "index_b",
    "index_delta", "total_a", "total_b", "total_delta", "max_a", "max_b", "set", "note",
    "supported", "evidence", "value", "self", "stage_self", "stage_appraisal1", "stage_explanation",
    "stage_appraisal2", "rank_after", "index_after", "band_after", "criterion", "proposal",
    "amendment", "escalated_to", "resolution", "median_rank", "p5_rank", "p95_rank", "points",
    "stage_self_note", "stage_appraisal1_note", "stage_explanation_note", "stage_appraisal2_note",
}

# Whole numbers by the contract (the others are numbers: points, indices, rates).
INTEGER = {
    "year", "rank", "rank_a", "rank_b", "rank_move", "missing_leaves", "rank_after", "no", "id",
    "units", "losing", "leaves", "rows", "count", "median_rank", "p5_rank", "p95_rank",
}


def compact(value, indent=0):
    """JSON with objects and arrays on one line when they fit in 100 columns."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= 100 or not isinstance(value, (dict, list)):
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        members = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {compact(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(members) + "\n" + " " * indent + "}"
    items = [pad + compact(v, indent + 2) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def merge(schemas):
    """One schema accepting every one of `schemas` (drafted from values)."""
    known = [s for s in schemas if not s.get("_unknown")] or schemas
    types = []
    for schema in known:
        for t in schema["type"] if isinstance(schema["type"], list) else [schema["type"]]:
            if t not in types:
                types.append(t)
    if len(known) < len(schemas) and "null" not in types:
        types.append("null")
    merged = {"type": types[0] if len(types) == 1 else types}
    if all(s.get("_unknown") for s in schemas):
        merged["_unknown"] = True
    objects = [s for s in schemas if "properties" in s]
    if objects:
        keys = []
        for s in objects:
            keys += [k for k in s["properties"] if k not in keys]
        merged["properties"] = {
            k: merge([s["properties"][k] for s in objects if k in s["properties"]]) for k in keys
        }
        merged["required"] = [k for k in keys if all(k in s.get("required", []) for s in objects)]
        merged["additionalProperties"] = False
    arrays = [s for s in schemas if "items" in s]
    if arrays:
        merged["items"] = merge([s["items"] for s in arrays if s["items"]]) if any(s["items"] for s in arrays) else {}
    return merged


def draft(value, key=None):
    t = kind(value)
    if t == "number" and key in INTEGER and float(value).is_integer():
        t = "integer"
    schema = {"type": t}
    if t == "object":
        schema["properties"] = {k: draft(v, k) for k, v in value.items()}
        schema["required"] = list(value)
        schema["additionalProperties"] = False
    elif t == "array":
        items = [draft(v) for v in value]
        schema["items"] = merge(items) if items else {}
    if key in NULLABLE and t != "null":
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if "null" not in types:
            schema["type"] = types + ["null"]
    if t == "null":
        # Only null in the sample: its type is unknown until another sample shows it.
        schema = {"type": ["string", "number", "null"], "_unknown": True}
    return schema


def finished(schema):
    """`schema` without the drafting marks."""
    if isinstance(schema, dict):
        return {k: finished(v) for k, v in schema.items() if k != "_unknown"}
    if isinstance(schema, list):
        return [finished(v) for v in schema]
    return schema


def shape_key(document):
    """Documents with the same top-level keys are one form of a command."""
    return tuple(sorted(document)) if isinstance(document, dict) else ("<" + kind(document) + ">",)


def main():
    force = "--force" in sys.argv
    groups = {}
    for name in [a for a in sys.argv[1:] if a != "--force"]:
        path = pathlib.Path(name)
        stem = path.name.split(".")[0]
        groups.setdefault(stem, []).append(json.loads(path.read_text(encoding="utf-8")))
    for stem, documents in groups.items():
        command = stem.replace("-", " ")
        target = here / f"{stem}.schema.json"
        if target.exists() and not force:
            print(f"kept {target.name}")
            continue
        forms = {}
        for document in documents:
            forms.setdefault(shape_key(document), []).append(document)
        schemas = []
        for key, group in forms.items():
            if isinstance(group[0], dict) and set(group[0]) == {"command", "ok", "messages"}:
                schemas.append({"$ref": "common.schema.json#/$defs/action"})
            else:
                schemas.append(finished(merge([draft(d) for d in group])))
        body = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{stem}.schema.json",
            "title": f"cchc {command} --format json",
            **body,
        }
        target.write_text(compact(schema) + "\n", encoding="utf-8")
        print(f"wrote {target.name} ({len(documents)} samples, {len(schemas)} form{'s' if len(schemas) > 1 else ''})")


main()
