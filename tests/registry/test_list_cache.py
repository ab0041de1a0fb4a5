"""The lists of everything that HQ and liaisons page through are cached, and never show a registry older than the
last committed write: adding or changing a system or an organisation, or importing a file, shows at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from honbu.registry import transitions
from honbu.registry.models import AISystem
from tests.registry.factories import AISystemFactory
from tests.registry.test_bulk import csv_bytes, organisation_rows, upload
from tests.registry.test_systems import NEW_SYSTEM


def main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def test_a_repeated_list_is_served_without_reading_the_systems_again(as_user, hq_analyst, business_a):
    AISystemFactory(organisation=business_a, name_ja="需要予測エンジン")
    client = as_user(hq_analyst, "ja")
    first = client.get("/registry/systems/", {"q": "需要予測"}).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/registry/systems/", {"q": "需要予測"}).content.decode()
    assert main(again) == main(first) and "需要予測エンジン" in main(again)
    assert not [q for q in queries.captured_queries if "registry_aisystem" in q["sql"]]


def test_a_system_added_by_a_business_shows_in_the_hq_list_at_once(as_user, hq_analyst, admin_a, business_a):
    hq = as_user(hq_analyst, "ja")
    assert "顔認証入館システム" not in hq.get("/registry/systems/").content.decode()
    response = as_user(admin_a, "ja").post(f"/registry/organisations/{business_a.pk}/systems/new/",
                                           {**NEW_SYSTEM, "name_ja": "顔認証入館システム"})
    assert response.status_code == 302
    assert "顔認証入館システム" in hq.get("/registry/systems/").content.decode()


def test_a_new_system_leaves_the_cached_organisation_list_in_use(as_user, hq_analyst, admin_a, business_a):
    hq = as_user(hq_analyst, "ja")
    first = hq.get("/registry/organisations/").content.decode()
    response = as_user(admin_a, "ja").post(f"/registry/organisations/{business_a.pk}/systems/new/",
                                           {**NEW_SYSTEM, "name_ja": "顔認証入館システム"})
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as queries:
        again = hq.get("/registry/organisations/").content.decode()
    assert main(again) == main(first)
    assert not [q for q in queries.captured_queries if 'FROM "core_organisation"' in q["sql"]]


def test_renaming_an_organisation_shows_in_the_cached_system_list(as_user, hq_analyst, admin_a, business_a):
    AISystemFactory(organisation=business_a)
    hq = as_user(hq_analyst, "en")
    assert "Sakura AI Solutions K.K." in hq.get("/registry/systems/").content.decode()
    transitions.update_organisation(organisation=business_a, by=admin_a, fields={"name_en": "Sakura Robotics K.K."})
    body = hq.get("/registry/systems/").content.decode()
    assert "Sakura Robotics K.K." in body and "Sakura AI Solutions K.K." not in body


def test_an_import_shows_in_the_cached_organisation_list(as_user, hq_manager):
    client = as_user(hq_manager, "ja")
    assert "株式会社取込0" not in client.get("/registry/organisations/").content.decode()
    upload(client, csv_bytes(organisation_rows(2)))
    assert "株式会社取込0" in client.get("/registry/organisations/").content.decode()


def test_a_failed_write_leaves_the_cached_list_in_use(as_user, hq_analyst, admin_a, business_a):
    AISystemFactory(organisation=business_a, name_ja="物流最適化AI")
    client = as_user(hq_analyst, "ja")
    client.get("/registry/systems/")
    response = as_user(admin_a, "ja").post(f"/registry/organisations/{business_a.pk}/systems/new/",
                                           {**NEW_SYSTEM, "name_ja": ""})
    assert response.status_code == 200 and AISystem.objects.count() == 1
    with CaptureQueriesContext(connection) as queries:
        client.get("/registry/systems/")
    assert not [q for q in queries.captured_queries if "registry_aisystem" in q["sql"]]


def test_liaisons_and_businesses_never_get_a_list_cached_for_someone_else(
        as_user, hq_analyst, liaison, member_a, business_a, business_b):
    AISystemFactory(organisation=business_a, name_ja="さくら与信スコア")
    AISystemFactory(organisation=business_b, name_ja="みなと翻訳エンジン")
    assert "Record an organisation" in as_user(hq_analyst, "en").get("/registry/organisations/").content.decode()
    assert "Record an organisation" not in as_user(liaison, "en").get("/registry/organisations/").content.decode()
    as_user(hq_analyst, "ja").get("/registry/systems/")
    own = as_user(member_a, "ja").get("/registry/systems/").content.decode()
    assert "さくら与信スコア" in own and "みなと翻訳エンジン" not in own


def test_each_language_gets_its_own_cached_page(as_user, hq_analyst, business_a):
    AISystemFactory(organisation=business_a)
    assert "<h1>AIシステム</h1>" in as_user(hq_analyst, "ja").get("/registry/systems/").content.decode()
    assert "<h1>AI systems</h1>" in as_user(hq_analyst, "en").get("/registry/systems/").content.decode()


def test_with_the_list_cache_off_every_request_reads_the_registry(as_user, hq_analyst, business_a, settings):
    settings.REGISTRY_LIST_CACHE = False
    AISystemFactory(organisation=business_a, name_ja="需要予測エンジン")
    client = as_user(hq_analyst, "ja")
    client.get("/registry/systems/")
    with CaptureQueriesContext(connection) as queries:
        assert "需要予測エンジン" in client.get("/registry/systems/").content.decode()
    assert [q for q in queries.captured_queries if "registry_aisystem" in q["sql"]]
