"""Production's static files storage: hashed names from the manifest, each URL worked out once."""

import json

import pytest

from honbu.core.staticfiles import ManifestStaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "hash": "x", "paths": {"honbu/honbu.css": "honbu/honbu.5e2a8f01c3d4.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_static_url_is_the_hashed_name_every_time(storage):
    assert storage.url("honbu/honbu.css") == "/static/honbu/honbu.5e2a8f01c3d4.css"
    assert storage.url("honbu/honbu.css") == "/static/honbu/honbu.5e2a8f01c3d4.css"


def test_a_file_missing_from_the_manifest_is_refused_each_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry for 'honbu/missing.css'"):
            storage.url("honbu/missing.css")


def test_debug_serves_unhashed_names_even_after_a_hashed_one_was_kept(storage, settings):
    storage.url("honbu/honbu.css")
    settings.DEBUG = True
    assert storage.url("honbu/honbu.css") == "/static/honbu/honbu.css"
