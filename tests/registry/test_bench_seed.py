import io

from django.core.management import call_command

from honbu.core.models import Organisation
from honbu.registry.models import AISystem
from honbu.registry.search import matching


def test_seed_generates_searchable_bilingual_records(transactional_db):
    # transactional: the seed ends with VACUUM on PostgreSQL, which cannot run inside a transaction
    call_command("bench", "seed", "--orgs", "20", "--systems", "60", stdout=io.StringIO())
    assert (Organisation.objects.count(), AISystem.objects.count()) == (20, 60)
    for organisation in Organisation.objects.all():
        organisation.full_clean()  # valid corporate numbers, kinds and names
    system = AISystem.objects.first()
    assert system.search_text == system.compute_search_text()
    assert matching(AISystem.objects.all(), system.name_ja).filter(pk=system.pk).exists()
