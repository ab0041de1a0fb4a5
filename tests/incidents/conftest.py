import pytest

from honbu.incidents import similar


@pytest.fixture(autouse=True)
def fresh_similarity_index():
    """Each test's database starts empty, so each test starts with an empty in-process index."""
    similar.reset()
    yield
    similar.reset()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
