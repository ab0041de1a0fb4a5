"""Work a server process does once, before its first request, rather than during it.

Django imports the URLconf and views, compiles each template and (in the registry and incidents) loads Sudachi's
dictionary only when a request first needs them: half a second for the first request of every worker process,
which a restart under load turns into a burst of slow pages. `honbu.wsgi` calls `warm_up()` when a worker starts.
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver


def template_names(backend) -> list[str]:
    """honbu's own templates (its apps' and the project's, not third-party ones)."""
    names = set()
    for directory in backend.template_dirs:
        root = Path(directory)
        if root.is_relative_to(settings.BASE_DIR):
            names.update(str(path.relative_to(root)) for path in root.rglob("*.html"))
    return sorted(names)


def warm_up() -> None:
    get_resolver().url_patterns  # imports every app's urls and views
    for engine in engines.all():
        for name in template_names(engine):
            engine.get_template(name)  # compiled once into the cached loader
    from honbu.registry.search import tokens

    tokens("起動時に辞書を読み込む")  # Sudachi's dictionary, shared by the registry and incidents
