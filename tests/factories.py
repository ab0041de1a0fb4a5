"""Factories that read like the domain: organisations and the people in them."""

import itertools

import factory

from honbu.core.models import Membership, Organisation, User
from honbu.core.validators import corporate_number_check_digit

_numbers = itertools.count(1)


def corporate_number() -> str:
    base = f"{3010401000000 + next(_numbers) * 104729:013d}"[1:]
    return f"{corporate_number_check_digit(base)}{base}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.BUSINESS
    name_ja = factory.Sequence(lambda n: f"株式会社テスト人工知能{n}")
    name_en = factory.Sequence(lambda n: f"Test Artificial Intelligence {n} K.K.")
    name_kana = factory.Sequence(lambda n: f"てすとじんこうちのう{n}")
    corporate_number = factory.LazyFunction(corporate_number)
    act_status = Organisation.ActStatus.UTILISING_BUSINESS
    verification = Organisation.Verification.VERIFIED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    display_name = factory.Sequence(lambda n: f"利用者 {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role: str, organisation: Organisation, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
