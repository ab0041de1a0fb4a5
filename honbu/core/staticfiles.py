"""Static files in production: WhiteNoise's compressed, hashed (manifest) storage, with each URL worked out once."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every page's layout asks for the same few stylesheet and script URLs, and each `{% static %}` splits, looks
    up, joins and unquotes the name again (~12 µs). The manifest is read once per process, so its answers are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)  # a name missing from the manifest raises, and is not kept
            if len(self._urls) < 10_000:
                self._urls[key] = url
        return url
