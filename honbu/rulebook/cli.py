"""Command-line entry points for the rulebook (plain argparse; the ``honbu`` command wires them in).

    honbu assess PROFILE.json|yaml [--as-of YYYY-MM-DD] [--format json|md]
    honbu assess --batch IN.jsonl [--as-of YYYY-MM-DD]
    honbu profile schema
    honbu profile validate FILE [--lang en|ja]
"""
from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
from typing import Callable, TextIO

import orjson

from . import OutOfRange, assess
from . import profile as profiles
from .engine import encode
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
    write = _utf8_writer(stdout)
    out: list[bytes] = []           # written a few hundred lines at a time
    with fh:
        for number, line in enumerate(fh, start=1):
            try:
                data, errors = _read(line)
            except ValueError as exc:
                failed += 1
                out.append(_error_line(number, f"not JSON: {exc}", []))
                continue
            if data is _BLANK:
                continue
            if errors:
                failed += 1
                out.append(_error_line(number, "invalid profile", [e.to_dict() for e in errors]))
                continue
            try:
                out.append(encode(assess(data, as_of=as_of)) + b"\n")
            except OutOfRange as exc:
                write(b"".join(out))
                stdout.flush()
                stderr.write(f"honbu assess: {exc}\n")
                return 2
            if len(out) >= 256:
                write(b"".join(out))
                out.clear()
    write(b"".join(out))
    stdout.flush()
    if failed:
        stderr.write(f"honbu assess: {failed} profile(s) could not be assessed.\n")
        return 1
    return 0


_BLANK = object()


def _read(line: str) -> tuple[object, list[profiles.ProfileError]]:
    """One JSONL line: the profile as ``json.loads`` reads it, and its errors (``profile.validate``).
    Raises ValueError for a line that is not JSON; the profile is ``_BLANK`` for an empty line."""
    data = _parse(line)
    if data is _BLANK:
        return data, []
    errors = profiles.validate(data)
    if errors or _may_hold_a_wide_integer(data):
        exact = json.loads(line)         # exactly as json reads it (see _parse), judged again if it differs
        if exact != data:
            data, errors = exact, profiles.validate(exact)
    return data, errors


def _parse(line: str):
    """One JSONL line.  orjson parses a line several times faster than ``json.loads``; what it
    refuses goes to ``json.loads``, which accepts a little more (NaN, Infinity, numbers beyond a
    double, lone surrogates) and words the error of a line that is not JSON.  The one thing orjson
    reads differently is an integer beyond 64 bits, as a float: the caller reads a line again with
    ``json.loads`` when it is invalid (its errors quote the values) or ``_may_hold_a_wide_integer``."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        if not line.strip():
            return _BLANK
        return json.loads(line)


def _may_hold_a_wide_integer(profile: dict) -> bool:
    """Whether a valid profile has a number that orjson may have read from an integer beyond 64 bits
    (e.g. a FLOP count written out in full), which ``json.loads`` keeps exact."""
    for section, key in profiles.number_fields():
        value = (profile.get(section) or profiles.NO_ANSWERS).get(key)
        if type(value) is float and not (-9.223372036854775808e18 < value < 1.8446744073709552e19):
            return True
    return False



def _utf8_writer(stdout: TextIO) -> Callable[[bytes], object]:
    """Write UTF-8 bytes straight to the binary buffer under ``stdout`` when there is one and it
    is UTF-8 (a terminal, a pipe, a file); otherwise (e.g. StringIO) as text."""
    buffer, encoding = getattr(stdout, "buffer", None), getattr(stdout, "encoding", None)
    if buffer is not None and encoding and codecs.lookup(encoding).name == "utf-8":
        stdout.flush()           # whatever was written as text goes first
        return buffer.write
    return lambda data: stdout.write(data.decode("utf-8"))


def _error_line(number: int, message: str, errors: list[dict]) -> bytes:
    return (json.dumps({"error": {"line": number, "message": message, "errors": errors}}, ensure_ascii=False) + "\n").encode()


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
