"""Batch commands over JSONL report files; `honbu incidents dedup|rank` call these.

Each input line is `{"id", "title", "text", "date", "lang", "url"?}`.  A malformed line stops the
command with its line number before any output is written.
"""
from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import TextIO

from . import batch
from .features import Report


class InputError(Exception):
    pass


def read_reports(path: Path) -> list[Report]:
    reports, seen = [], set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            report = Report.from_dict(json.loads(line))
        except (json.JSONDecodeError, ValueError) as error:
            raise InputError(f"{path}:{number}: {error}") from None
        if report.id in seen:
            raise InputError(f"{path}:{number}: duplicate id {report.id!r}")
        seen.add(report.id)
        reports.append(report)
    return reports


def dedup_main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """`incidents dedup IN.jsonl [--out FILE] [--threshold T]`: one `{"id", "cluster"}` line per report."""
    parser = _parser("dedup", "Cluster reports about the same incident.")
    parser.add_argument("--threshold", type=float, help="average-link cut-off (default: the trained one)")
    return _run(parser, argv, stdout, stderr,
                lambda reports, args: ({"id": i, "cluster": c} for i, c in batch.dedup(reports, args.threshold).items()))


def rank_main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """`incidents rank IN.jsonl [--k 5] [--out FILE]`: one `{"id", "candidates"}` line per report, best first."""
    parser = _parser("rank", "List the reports most likely about the same incident as each report.")
    parser.add_argument("--k", type=int, default=5, help="candidates per report (default 5)")
    return _run(parser, argv, stdout, stderr,
                lambda reports, args: ({"id": i, "candidates": c} for i, c in batch.rank(reports, args.k).items()))


def _parser(command: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"honbu incidents {command}", description=description)
    parser.add_argument("input", type=Path, help="JSONL reports")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    return parser


def _run(parser, argv, stdout, stderr, produce) -> int:
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exit:  # --help or a usage error, already printed
        return int(exit.code or 0)
    if getattr(args, "k", 1) < 1:
        stderr.write("error: --k must be at least 1\n")
        return 2
    try:
        reports = read_reports(args.input)
    except InputError as error:
        stderr.write(f"error: {error}\n")
        return 1
    lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in produce(reports, args)]
    if args.out:
        args.out.write_text("".join(lines), encoding="utf-8")
    else:
        stdout.writelines(lines)
    return 0
