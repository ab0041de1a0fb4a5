import factory

from honbu.registry.models import AISystem, SystemProfile
from tests.factories import OrganisationFactory


class AISystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AISystem

    organisation = factory.SubFactory(OrganisationFactory)
    name_ja = factory.Sequence(lambda n: f"採用選考支援AI {n}")
    name_en = factory.Sequence(lambda n: f"Hiring screening assistant {n}")
    description_ja = "応募書類を読み取り、面接候補者を推薦するシステムです。"
    description_en = "Reads application documents and recommends candidates for interview."
    intended_purpose = "採用担当者の書類選考の補助"
    lifecycle = AISystem.Lifecycle.IN_SERVICE
    is_provider = True
    market_jp = True


class SystemProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemProfile

    system = factory.SubFactory(AISystemFactory)
    version = factory.Sequence(lambda n: n + 1)
    schema_id = "profile/v1"
    data = factory.LazyFunction(dict)
