"""Organisations: self-service sign-up, HQ verification, HQ records, edits with field errors, change history."""

import pytest
from django.test import Client

from honbu.core.models import AuditEvent, Membership, Organisation, User
from tests.factories import OrganisationFactory, corporate_number

SIGN_UP = {
    "kind": "business", "name_ja": "株式会社あけぼのAI", "name_en": "Akebono AI Inc.", "name_kana": "あけぼのえーあい",
    "corporate_number": "", "legal_form": "株式会社", "sector": "G", "prefecture": "13",
    "website": "https://akebono.example.jp/", "contact_email": "ai@akebono.example.jp", "contact_phone": "03-1234-5678",
    "act_status": "utilising_business", "is_ai_developer": "on", "is_ai_provider": "on",
    "admin_name": "曙 太郎", "admin_email": "Taro@Akebono.example.jp",
    "password": "a-long-unusual-passphrase", "password_again": "a-long-unusual-passphrase",
}


def sign_up(language="ja", **changes):
    data = {**SIGN_UP, "corporate_number": corporate_number(), **changes}
    return Client(HTTP_ACCEPT_LANGUAGE=language).post("/register/", data), data


def test_sign_up_page_is_public(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="ja").get("/register/")
    assert response.status_code == 200
    assert "組織の登録" in response.content.decode()


def test_sign_up_creates_a_pending_organisation_and_its_first_admin(db):
    response, data = sign_up()
    organisation = Organisation.objects.get(name_ja="株式会社あけぼのAI")
    assert (response.status_code, response["Location"]) == (302, f"/registry/organisations/{organisation.pk}/")
    assert organisation.verification == Organisation.Verification.PENDING
    assert (organisation.corporate_number, organisation.is_ai_developer, organisation.is_ai_business_user) == (
        data["corporate_number"], True, False)
    user = User.objects.get(email="taro@akebono.example.jp")
    assert (user.role, user.organisation, user.check_password("a-long-unusual-passphrase")) == (
        Membership.Role.ORG_ADMIN, organisation, True)
    event = AuditEvent.objects.get(action="organisation.registered")
    assert (event.actor, event.object_id, event.changes["name_ja"]) == (user, str(organisation.pk), [None, "株式会社あけぼのAI"])


def test_sign_up_cannot_claim_to_be_a_ministry(db):
    response, _ = sign_up(kind="ministry")
    assert response.status_code == 200
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize(("language", "field", "value", "message"), [
    ("ja", "corporate_number", "1234567890123", "この法人番号はチェックディジットが正しくありません。番号をご確認ください。"),
    ("en", "corporate_number", "1234567890123", "This corporate number&#x27;s check digit is wrong. Please check the number."),
    ("ja", "website", "not a url", "URLを正しく入力してください。"),
    ("en", "website", "htp:/broken", "Enter a valid URL."),
])
def test_sign_up_with_bad_fields_names_them_and_saves_nothing(db, language, field, value, message):
    response, _ = sign_up(language, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Organisation.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(("language", "message"), [
    ("ja", "この法人番号の組織はすでに登録されています。"),
    ("en", "An organisation with this corporate number is already registered."),
])
def test_sign_up_with_a_taken_corporate_number_is_refused(business_a, language, message):
    response, _ = sign_up(language, corporate_number=business_a.corporate_number)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'id="id_corporate_number_error"' in body
    assert Organisation.objects.count() == 1


def test_hq_verifies_a_pending_organisation(as_user, hq_analyst):
    organisation = OrganisationFactory(verification=Organisation.Verification.PENDING)
    response = as_user(hq_analyst).post(f"/registry/organisations/{organisation.pk}/verification/",
                                        {"decision": "verify", "reason": ""})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.verification == Organisation.Verification.VERIFIED
    event = AuditEvent.objects.get(action="organisation.verified")
    assert (event.actor, event.changes) == (hq_analyst, {"verification": ["pending", "verified"]})


def test_hq_turns_down_an_organisation_with_a_reason(as_user, hq_manager):
    organisation = OrganisationFactory(verification=Organisation.Verification.PENDING)
    response = as_user(hq_manager).post(f"/registry/organisations/{organisation.pk}/verification/",
                                        {"decision": "reject", "reason": "法人番号と名称が一致しません。"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.verification, organisation.verification_note) == ("rejected", "法人番号と名称が一致しません。")
    event = AuditEvent.objects.get(action="organisation.rejected")
    assert (event.data, event.changes) == ({"reason": "法人番号と名称が一致しません。"}, {"verification": ["pending", "rejected"]})


def test_turning_down_without_a_reason_is_refused(as_user, hq_manager):
    organisation = OrganisationFactory(verification=Organisation.Verification.PENDING)
    response = as_user(hq_manager, "en").post(f"/registry/organisations/{organisation.pk}/verification/",
                                              {"decision": "reject", "reason": " "})
    assert response.status_code == 400
    assert "Please give the reason" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.verification == "pending"


@pytest.mark.parametrize(("persona", "status"), [("liaison", 403), ("admin_a", 403), ("admin_b", 404)])
def test_only_hq_verifies(request, as_user, business_a, persona, status):
    business_a.verification = "pending"
    business_a.save()
    response = as_user(request.getfixturevalue(persona)).post(
        f"/registry/organisations/{business_a.pk}/verification/", {"decision": "verify"})
    assert response.status_code == status
    business_a.refresh_from_db()
    assert business_a.verification == "pending"


def test_hq_records_a_ministry(as_user, hq_manager):
    response = as_user(hq_manager).post("/registry/organisations/new/", {
        "kind": "ministry", "name_ja": "国土交通省", "name_en": "Ministry of Land, Infrastructure, Transport and Tourism",
        "corporate_number": "", "website": "https://www.mlit.go.jp/"})
    organisation = Organisation.objects.get(name_ja="国土交通省")
    assert (response.status_code, organisation.verification, organisation.kind) == (302, "verified", "ministry")
    assert AuditEvent.objects.get(action="organisation.created").actor == hq_manager


@pytest.mark.parametrize("persona", ["liaison", "admin_a"])
def test_only_hq_records_organisations(request, as_user, persona):
    response = as_user(request.getfixturevalue(persona)).post("/registry/organisations/new/", {"kind": "ministry", "name_ja": "x"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name_ja="x").exists()


def test_org_admin_edits_their_organisation(as_user, admin_a, business_a):
    response = as_user(admin_a).post(f"/registry/organisations/{business_a.pk}/edit/", {
        "kind": "business", "name_ja": business_a.name_ja, "name_en": "Sakura AI Solutions Co., Ltd.", "name_kana": business_a.name_kana,
        "corporate_number": business_a.corporate_number, "website": "https://sakura-ai.example.jp/", "act_status": "utilising_business"})
    assert response.status_code == 302
    business_a.refresh_from_db()
    assert business_a.name_en == "Sakura AI Solutions Co., Ltd."
    event = AuditEvent.objects.get(action="organisation.changed")
    assert event.changes == {"name_en": ["Sakura AI Solutions K.K.", "Sakura AI Solutions Co., Ltd."],
                             "website": ["", "https://sakura-ai.example.jp/"]}


def test_edit_with_a_taken_corporate_number_saves_nothing(as_user, admin_a, business_a, business_b):
    response = as_user(admin_a, "en").post(f"/registry/organisations/{business_a.pk}/edit/", {
        "kind": "business", "name_ja": "新しい名前", "corporate_number": business_b.corporate_number})
    assert response.status_code == 200
    assert "An organisation with this corporate number is already registered." in response.content.decode()
    business_a.refresh_from_db()
    assert business_a.name_ja == "さくらAIソリューションズ株式会社"
    assert not AuditEvent.objects.filter(action="organisation.changed").exists()


@pytest.mark.parametrize(("persona", "status"), [("member_a", 403), ("liaison", 403), ("admin_b", 404)])
def test_others_cannot_edit_an_organisation(request, as_user, business_a, persona, status):
    response = as_user(request.getfixturevalue(persona)).post(f"/registry/organisations/{business_a.pk}/edit/",
                                                              {"kind": "business", "name_ja": "乗っ取り"})
    assert response.status_code == status
    business_a.refresh_from_db()
    assert business_a.name_ja == "さくらAIソリューションズ株式会社"


@pytest.mark.parametrize(("persona", "status"), [
    ("hq_manager", 200), ("hq_analyst", 200), ("admin_a", 200), ("member_a", 200), ("liaison", 403), ("admin_b", 404),
])
def test_change_history_is_shown_to_hq_and_the_organisation(request, as_user, admin_a, business_a, persona, status):
    from honbu.registry.transitions import update_organisation

    update_organisation(organisation=business_a, by=admin_a, fields={"name_en": "Sakura AI Co."})
    response = as_user(request.getfixturevalue(persona), "en").get(f"/registry/organisations/{business_a.pk}/history/")
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "佐倉 美咲" in body and "Sakura AI Solutions K.K. → Sakura AI Co." in body


def test_organisation_list_costs_the_same_for_one_or_many_rows(as_user, hq_analyst, django_assert_max_num_queries):
    client = as_user(hq_analyst)
    client.get("/registry/organisations/")
    with django_assert_max_num_queries(8):
        assert client.get("/registry/organisations/").status_code == 200
    OrganisationFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        assert client.get("/registry/organisations/").status_code == 200


def test_organisation_search_finds_japanese_and_english_names(as_user, hq_analyst, business_a, business_b):
    client = as_user(hq_analyst, "en")
    body = client.get("/registry/organisations/", {"q": "さくら"}).content.decode()
    assert "Sakura AI Solutions K.K." in body and "Minato" not in body
    body = client.get("/registry/organisations/", {"q": "minato language"}).content.decode()
    assert "Minato Language Technologies Inc." in body and "Sakura AI" not in body
    body = client.get("/registry/organisations/", {"q": "言語"}).content.decode()
    assert "Minato Language Technologies Inc." in body and "Sakura AI" not in body


def test_organisation_users_are_sent_to_their_own_page(as_user, admin_a, business_a):
    response = as_user(admin_a).get("/registry/organisations/")
    assert (response.status_code, response["Location"]) == (302, f"/registry/organisations/{business_a.pk}/")
