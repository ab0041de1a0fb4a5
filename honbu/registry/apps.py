from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "honbu.registry"
    label = "registry"
    verbose_name = _("Registry of AI actors and AI systems")

    def ready(self):
        from honbu.registry import signals  # noqa: F401
