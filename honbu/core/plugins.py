"""Apps extend core by module convention, not by editing core: `honbu.<app>.demo`, `.navigation`, `.dashboard`."""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language


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


_navigation_kept: dict[tuple, tuple] = {}


def navigation(user) -> list[tuple[str, str]]:
    """(label, url) pairs for the header, in app order.

    Every page shows them, and building them (a dozen URL reversals and translations) cost ~0.3 ms of CPU per
    request, so each list is built once per what it may depend on: an app's `navigation.items(user)` looks only at
    whether the person is signed in, their role and their organisation.
    """
    membership = user.membership if user.is_authenticated else None
    key = (get_language(), get_script_prefix(), get_urlconf(), user.is_authenticated,
           membership and (membership.role, membership.organisation_id))
    items = _navigation_kept.get(key)
    if items is None:
        items = tuple(item for module in app_modules("navigation") for item in module.items(user))
        if len(_navigation_kept) >= 10_000:  # one entry per organisation and role at most; bound it all the same
            _navigation_kept.clear()
        _navigation_kept[key] = items
    return list(items)


def dashboard_panels(request) -> list[dict]:
    return [panel for module in app_modules("dashboard") for panel in module.panels(request)]
