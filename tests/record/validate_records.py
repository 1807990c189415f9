#!/usr/bin/python3
"""Validates intake records against the JSON Schema, one record per line on stdin.

Usage: validate_records.py SCHEMA < records.jsonl
Prints one line per record: "ok" or "invalid: <first error>", and exits 0 only when
every record is valid. Uses Debian's python3-jsonschema (Draft 2020-12).
"""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    bad = 0
    count = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        count += 1
        errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: list(e.path))
        if errors:
            bad += 1
            print("invalid: " + errors[0].message[:200])
        else:
            print("ok")
    if count == 0:
        print("no records")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
