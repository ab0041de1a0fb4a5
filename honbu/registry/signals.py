"""Organisations live in core; their search text is kept here, where search lives."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from honbu.core.models import Organisation
from honbu.registry.search import search_text


def organisation_search_text(organisation: Organisation) -> str:
    return search_text(organisation.name_ja, organisation.name_en, organisation.name_kana, organisation.corporate_number)


@receiver(pre_save, sender=Organisation)
def update_organisation_search_text(sender, instance, **kwargs):
    instance.search_text = organisation_search_text(instance)
