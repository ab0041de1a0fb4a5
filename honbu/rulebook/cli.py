"""Command-line entry points for the rulebook (plain argparse; the ``honbu`` command wires them in).

    honbu assess PROFILE.json|yaml [--as-of YYYY-MM-DD] [--format json|md]
    honbu assess --batch IN.jsonl [--as-of YYYY-MM-DD]
    honbu profile schema
    honbu profile validate FILE [--lang en|ja]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TextIO

from . import OutOfRange, assess
from .engine import dumps
from . import profile as profiles
from .report import markdown


def assess_main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="honbu assess", description="Assess AI system profiles under the EU AI Act and Japan's framework.")
    parser.add_argument("profile", nargs="?", help="profile file (.json, .yaml, .yml)")
    parser.add_argument("--batch", metavar="IN.jsonl", help="one profile per line; one JSON result per line")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(), help="date of the law to apply (default: today)")
    parser.add_argument("--format", choices=("json", "md"), default="json")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if bool(args.profile) == bool(args.batch):
        stderr.write("honbu assess: give either PROFILE or --batch IN.jsonl.\n")
        return 2
    if args.batch:
        return _assess_batch(args.batch, args.as_of, stdout, stderr)
    try:
        data = profiles.load(args.profile)
    except (OSError, ValueError) as exc:      # json and yaml parse errors are ValueErrors
        stderr.write(f"honbu assess: cannot read {args.profile}: {exc}\n")
        return 2
    errors = profiles.validate(data)
    if errors:
        stderr.write(f"{args.profile}: invalid profile, nothing assessed.\n")
        for e in errors:
            stderr.write(f"{e.path}: {e.message_en}\n")
        return 1
    try:
        result = assess(data, as_of=args.as_of)
    except OutOfRange as exc:
        stderr.write(f"honbu assess: {exc}\n")
        return 2
    if args.format == "md":
        stdout.write(markdown(result))
    else:
        stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


def _assess_batch(path: str, as_of: dt.date, stdout: TextIO, stderr: TextIO) -> int:
    failed = 0
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        stderr.write(f"honbu assess: cannot read {path}: {exc}\n")
        return 2
    out: list[str] = []           # written a few hundred lines at a time
    loads, validate = json.loads, profiles.validate
    with fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = loads(line)
            except ValueError as exc:
                failed += 1
                out.append(_error_line(number, f"not JSON: {exc}", []))
                continue
            errors = validate(data)
            if errors:
                failed += 1
                out.append(_error_line(number, "invalid profile", [e.to_dict() for e in errors]))
                continue
            try:
                out.append(dumps(assess(data, as_of=as_of)) + "\n")
            except OutOfRange as exc:
                stdout.write("".join(out))
                stderr.write(f"honbu assess: {exc}\n")
                return 2
            if len(out) >= 256:
                stdout.write("".join(out))
                out.clear()
    stdout.write("".join(out))
    if failed:
        stderr.write(f"honbu assess: {failed} profile(s) could not be assessed.\n")
        return 1
    return 0


def _error_line(number: int, message: str, errors: list[dict]) -> str:
    return json.dumps({"error": {"line": number, "message": message, "errors": errors}}, ensure_ascii=False) + "\n"


def profile_main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="honbu profile", description="The AI system profile (schema profile/v1).")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("schema", help="print the JSON Schema")
    check = sub.add_parser("validate", help="check a profile file, one line per bad field")
    check.add_argument("file")
    check.add_argument("--lang", choices=("en", "ja"), default="en")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command == "schema":
        stdout.write(json.dumps(profiles.schema(), ensure_ascii=False, indent=2) + "\n")
        return 0
    try:
        data = profiles.load(args.file)
    except (OSError, ValueError) as exc:
        stderr.write(f"honbu profile: cannot read {args.file}: {exc}\n")
        return 2
    errors = profiles.validate(data)
    for e in errors:
        stdout.write(f"{e.path}: {e.message_ja if args.lang == 'ja' else e.message_en}\n")
    if errors:
        return 1
    stdout.write(f"{args.file}: valid\n")
    return 0
