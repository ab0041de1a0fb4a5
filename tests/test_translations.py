"""Japanese must be complete: no untranslated or fuzzy entry, and the compiled catalogue matches the source."""

from pathlib import Path

import polib
import pytest

CATALOGUES = sorted(Path(__file__).resolve().parent.parent.joinpath("honbu").glob("**/locale/ja/LC_MESSAGES/django.po"))


def test_there_are_japanese_catalogues():
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_japanese_catalogue_is_complete_and_compiled(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(path.with_suffix(".mo")))}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == source, "run `make messages` to recompile the catalogue"
