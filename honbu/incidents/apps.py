from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "honbu.incidents"
    verbose_name = _("AI harm reports and Art. 16 cases")
