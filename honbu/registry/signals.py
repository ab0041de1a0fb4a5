"""Organisations live in core; their search text is kept here, where search lives, and every write to
organisations or AI systems moves the version of its kind that the list caches are keyed by."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from honbu.core.models import Organisation
from honbu.registry.listcache import ORGANISATIONS, SYSTEMS, bump_version
from honbu.registry.models import AISystem
from honbu.registry.search import search_text


def organisation_search_text(organisation: Organisation) -> str:
    return search_text(organisation.name_ja, organisation.name_en, organisation.name_kana, organisation.corporate_number)


@receiver(pre_save, sender=Organisation)
def update_organisation_search_text(sender, instance, **kwargs):
    instance.search_text = organisation_search_text(instance)


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def organisations_changed(sender, **kwargs):
    bump_version(ORGANISATIONS)


@receiver(post_save, sender=AISystem)
@receiver(post_delete, sender=AISystem)
def systems_changed(sender, **kwargs):
    bump_version(SYSTEMS)
