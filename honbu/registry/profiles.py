"""Profile export and import (JSON and YAML)."""

import json

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from honbu.registry.questionnaire import errors_by_path, validate

MAX_PROFILE_BYTES = 1_000_000


def dump(data: dict, fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def parse(content: bytes) -> dict:
    """A profile from JSON or YAML bytes (JSON is YAML, but JSON is tried first for its clearer errors)."""
    if len(content) > MAX_PROFILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 1 MB.")})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file is not UTF-8 text.")})
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValidationError({"file": _("The file is neither JSON nor YAML.")})
    if not isinstance(data, dict):
        raise ValidationError({"file": _("The file does not hold a profile (a mapping of sections).")})
    errors = validate(data)
    if errors:
        raise ValidationError({path: [message] for path, message in errors_by_path(errors).items()})
    return data
