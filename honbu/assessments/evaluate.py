"""One entry point for every place that assesses a profile: validate first, then both jurisdictions."""

from datetime import date

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

import honbu.rulebook as rulebook
from honbu.rulebook import profile as profile_schema


def covered_range() -> tuple[date, date]:
    """The dates every jurisdiction's encoded law covers."""
    ranges = rulebook.coverage().values()
    return max(start for start, _ in ranges), min(end for _, end in ranges)


def parse(text: str) -> dict:
    """A profile from JSON or YAML text; a clear error for anything else."""
    try:
        data = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is None:
            raise ValidationError(_("This is not valid JSON or YAML."), code="syntax")
        raise ValidationError(_("This is not valid JSON or YAML (line %(line)s).") % {"line": mark.line + 1}, code="syntax")
    if not isinstance(data, dict):
        raise ValidationError(_("A profile is a JSON or YAML object with sections such as \"system\" and \"role\"."), code="shape")
    return data


def field_errors(profile: dict) -> dict[str, list[str]]:
    """Schema and contradiction errors keyed by the dotted field path, in the active language."""
    english = (get_language() or "ja").startswith("en")
    errors: dict[str, list[str]] = {}
    for error in profile_schema.validate(profile):
        errors.setdefault(error.path or "profile", []).append(error.message_en if english else error.message_ja)
    return errors


def evaluate(profile: dict, as_of: date) -> dict:
    """The rulebook's result for a valid profile; ValidationError naming every bad field otherwise."""
    errors = field_errors(profile)
    start, end = covered_range()
    if not start <= as_of <= end:
        errors["as_of"] = [_("Choose a date from %(start)s to %(end)s: the law encoded in honbu covers that range.")
                           % {"start": start.isoformat(), "end": end.isoformat()}]
    if errors:
        raise ValidationError(errors)
    return rulebook.assess(profile, as_of=as_of)

