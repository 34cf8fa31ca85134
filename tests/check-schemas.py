#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Validates JSON documents hvdetect made against its published JSON Schemas (python3-jsonschema).

    tests/check-schemas.py SCHEMA_DIR PATH...

Each PATH is a file or a directory of *.json files: a report (hvdetect-report/1), an evidence bundle, facts or a
fleet's NDJSON lines (hvdetect-facts/1), or --list / --id JSON (hvdetect-list). The schema is chosen from the
document's own format marker; a document with none is an error, so that nothing goes unchecked.
"""
import json
import os
import sys

import jsonschema


def load_schemas(directory):
    schemas = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".schema.json"):
            with open(os.path.join(directory, name), encoding="utf-8") as file:
                schema = json.load(file)
            jsonschema.Draft202012Validator.check_schema(schema)
            schemas[name] = schema
    return schemas


def schema_for(document):
    if isinstance(document, list):
        return "hvdetect-list.schema.json"
    if not isinstance(document, dict):
        return None
    if document.get("schema") == "hvdetect-report/1":
        return "hvdetect-report-1.schema.json"
    if "hvdetect_evidence" in document:
        return "hvdetect-evidence.schema.json"
    if document.get("hvdetect_format") == "hvdetect-facts/1":
        return "hvdetect-facts-1.schema.json"
    if "systemd_id" in document and set(document) <= {"systemd_id", "containers_known"}:
        return "hvdetect-list.schema.json"
    return None


def documents(path):
    """The documents of a file: one JSON value, or NDJSON (one per line)."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                for name in sorted(names):
                    if name.endswith(".json"):
                        yield os.path.join(root, name)
        else:
            yield path


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    schemas = load_schemas(sys.argv[1])
    store = {schema["$id"]: schema for schema in schemas.values()}
    checker = jsonschema.FormatChecker()
    failures, counts = 0, {}
    for path in files(sys.argv[2:]):
        try:
            docs = documents(path)
        except (OSError, ValueError) as error:
            print(f"{path}: not JSON: {error}", file=sys.stderr)
            failures += 1
            continue
        for document in docs:
            name = schema_for(document)
            if name is None:
                print(f"{path}: no schema describes this document", file=sys.stderr)
                failures += 1
                continue
            schema = schemas[name]
            resolver = jsonschema.RefResolver.from_schema(schema, store=store)
            validator = jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=checker)
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
            for error in errors[:5]:
                where = "/".join(str(part) for part in error.absolute_path)
                print(f"{path}: {name}: at /{where}: {error.message[:300]}", file=sys.stderr)
            failures += 1 if errors else 0
            counts[name] = counts.get(name, 0) + 1
    summary = ", ".join(f"{count} against {name}" for name, count in sorted(counts.items()))
    print(f"check-schemas: {sum(counts.values())} documents validated ({summary}); {failures} failed")
    if not counts:
        print("check-schemas: no document found", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
