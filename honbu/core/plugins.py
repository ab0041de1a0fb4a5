"""Apps extend core by module convention, not by editing core: `honbu.<app>.demo`, `.navigation`, `.dashboard`."""

from functools import cache
from importlib import import_module

from django.apps import apps


@cache
def app_modules(name: str) -> tuple:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("honbu."):
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
    return tuple(found)


def navigation(user) -> list[tuple[str, str]]:
    """(label, url) pairs for the header, in app order."""
    return [item for module in app_modules("navigation") for item in module.items(user)]


def dashboard_panels(request) -> list[dict]:
    return [panel for module in app_modules("dashboard") for panel in module.panels(request)]
