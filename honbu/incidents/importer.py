"""Bulk import of reports (JSONL or CSV), e.g. from news monitoring: every row is checked by the report form
first; one bad row imports nothing, and the error names its line."""

import csv
import io
import json
from pathlib import Path

from django.db import transaction

from . import transitions
from .forms import ReportForm
from .models import Report

LIST_FIELDS = ("harms", "stakeholders")


class ImportError_(Exception):
    pass


def _rows(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
            row = {k: v for k, v in row.items() if k}
            for name in LIST_FIELDS:
                row[name] = [part.strip() for part in (row.get(name) or "").replace(";", ",").split(",") if part.strip()]
            row["source_urls"] = "\n".join((row.get("source_urls") or row.get("url") or "").split())
            yield number, row
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ImportError_(f"line {number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise ImportError_(f"line {number}: expected a JSON object")
        urls = row.get("source_urls") or ([row["url"]] if row.get("url") else [])
        row["source_urls"] = "\n".join(urls) if isinstance(urls, list) else str(urls)
        row.setdefault("description", row.get("text", ""))
        row.setdefault("occurred_on", row.get("date"))
        yield number, row


def import_reports(path: Path, *, by) -> list[Report]:
    checked = []
    for number, row in _rows(path):
        form = ReportForm(row)
        if not form.is_valid():
            problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
            raise ImportError_(f"line {number}: {problems}")
        data = form.report_data()
        data["language"] = row.get("lang") or row.get("language") or ""
        if data["language"] not in ("", "ja", "en"):
            raise ImportError_(f"line {number}: language must be ja or en")
        checked.append(data)
    with transaction.atomic():
        return [transitions.submit_report(data=data, by=by, channel=Report.Channel.IMPORT)[0] for data in checked]
