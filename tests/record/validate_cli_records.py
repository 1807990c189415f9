#!/usr/bin/python3
"""The records the CLI makes, and what it hands off, conform to the record schema.

Runs `docintake read --store` over the bundled frames, then validates every
record (`docintake record show`) and every file `docintake outbox send --to
file://` delivers against docs/schemas/intake-record.v1.json (JSON Schema
2020-12, python3-jsonschema). Exit 0 when all conform, 1 otherwise.

  validate_cli_records.py --cli build/bin/docintake --schema docs/schemas/intake-record.v1.json \
                          --frames examples/data/frames
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema


def run(cli, *args):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    env.pop("DOCINTAKE_STORE_KEY", None)
    done = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        # stderr carries no personal data by the CLI's contract; stdout may.
        sys.exit(f"docintake {' '.join(args[:2])}: exit {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--frames", required=True)
    args = parser.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    frames = sorted(glob.glob(os.path.join(args.frames, "*.jpg")))
    if not frames:
        sys.exit(f"no frames in {args.frames}")

    failures = 0
    checked = 0
    with tempfile.TemporaryDirectory(prefix="docintake-schema-") as tmp:
        store = os.path.join(tmp, "store")
        received = os.path.join(tmp, "received")
        os.mkdir(received)
        ids = []
        for language in ("und", "ar", "pt-BR"):
            out = run(args.cli, "read", "--store", store, "--today", "2026-12-06",
                      "--consent-language", language, *frames)
            ids += [json.loads(line)["record_id"] for line in out.splitlines()]
        if len(ids) != 3 * len(frames) or not all(ids):
            sys.exit(f"expected a record per frame, got ids {ids}")
        records = {i: json.loads(run(args.cli, "record", "show", "--store", store, i)) for i in ids}
        run(args.cli, "outbox", "send", "--store", store, "--to", "file://" + received, "--deadline", "10")
        for path in sorted(glob.glob(os.path.join(received, "*.json"))):
            with open(path, encoding="utf-8") as f:
                records["delivered " + os.path.basename(path)] = json.load(f)
        if len(records) != 2 * len(ids):
            sys.exit(f"expected {len(ids)} delivered files, found {len(records) - len(ids)}")

        for name, record in records.items():
            checked += 1
            for error in validator.iter_errors(record):
                failures += 1
                # The path and the rule only: the offending value may be personal data.
                print(f"{name}: {'/'.join(map(str, error.absolute_path)) or '(root)'}: "
                      f"fails '{error.validator}'", file=sys.stderr)

        # The validator itself must be able to say no.
        broken = dict(next(iter(records.values())))
        del broken["id"]
        if validator.is_valid(broken):
            sys.exit("the schema accepts a record without an id: the check cannot fail")

    print(f"{checked} records checked against {os.path.basename(args.schema)}, {failures} violations")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
