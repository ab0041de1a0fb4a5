"""Compile every Japanese catalogue with polib, so no system gettext is needed to build honbu."""

from pathlib import Path

import polib

for path in Path(__file__).resolve().parent.parent.glob("**/locale/*/LC_MESSAGES/django.po"):
    polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
    print(f"compiled {path}")
