"""Saved assessments of registered systems: pinned, compared, re-assessed in the background, visible by gate."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
import yaml
from django.core.management import call_command
from django.utils import translation

import honbu.rulebook as rulebook
from honbu.assessments.compare import changes
from honbu.assessments.models import Assessment, ReassessmentRun
from honbu.assessments.reassess import reassess
from honbu.assessments.transitions import assess_system
from honbu.core.models import AuditEvent
from honbu.registry.transitions import save_profile
from tests.registry.factories import AISystemFactory

HIRING = yaml.safe_load((Path(__file__).parent / "profiles" / "hiring-screening.yaml").read_text())
# The same system, but its Art 6(3) derogation holds: no material influence and no profiling.
DEROGATED = {**HIRING, "derogation": {**HIRING["derogation"], "no_material_influence": True, "profiling": False}}


@pytest.fixture
def hiring_system(business_a):
    return AISystemFactory(organisation=business_a, name_ja="書類選考アシスタント", name_en="CV screening assistant")


def submit(system, user, data):
    return save_profile(system=system, by=user, data=data, schema_id="profile/v1", submit=True)


def test_submitting_a_profile_saves_an_assessment_pinned_to_it(hiring_system, admin_a):
    profile = submit(hiring_system, admin_a, HIRING)
    assessment = Assessment.objects.get()
    assert (assessment.profile, assessment.eu_tier, assessment.is_latest) == (profile, "high", True)
    assert assessment.rulebook_version == rulebook.RULEBOOK_VERSION
    assert assessment.trigger == "profile_submitted"
    event = AuditEvent.objects.get(action="assessment.created")
    assert event.changes == {"eu_tier": [None, "high"], "gpai": [None, ""]}


def test_saving_a_draft_does_not_assess(hiring_system, admin_a):
    save_profile(system=hiring_system, by=admin_a, data=HIRING, schema_id="profile/v1", submit=False)
    assert Assessment.objects.count() == 0


def test_assessing_again_without_change_keeps_the_current_assessment(hiring_system, admin_a):
    submit(hiring_system, admin_a, HIRING)
    first = Assessment.objects.get()
    assert assess_system(system=hiring_system, by=admin_a) == first
    assert Assessment.objects.count() == 1


def test_a_changed_profile_adds_an_assessment_and_the_page_says_what_changed(as_user, hiring_system, admin_a):
    submit(hiring_system, admin_a, HIRING)
    submit(hiring_system, admin_a, DEROGATED)
    latest, previous = Assessment.objects.order_by("-pk")
    assert (latest.is_latest, previous.is_latest, previous.eu_tier) == (True, False, "high")
    response = as_user(admin_a, "en").get(f"/assessments/systems/{hiring_system.pk}/")
    messages = [c.message for c in response.context["changes"]]
    assert messages[0].startswith("EU AI Act: now “")
    assert "Obligation no longer applies (Provider): Art 9." in messages


@pytest.mark.parametrize(("persona", "status"), [
    ("admin_a", 200), ("member_a", 200), ("hq_analyst", 200), ("liaison", 200), ("admin_b", 404),
])
def test_system_assessment_page_follows_the_system_gate(request, as_user, hiring_system, admin_a, persona, status):
    submit(hiring_system, admin_a, HIRING)
    assert as_user(request.getfixturevalue(persona)).get(f"/assessments/systems/{hiring_system.pk}/").status_code == status


def test_system_page_in_japanese_links_open_questions_into_the_questionnaire(as_user, hiring_system, admin_a):
    partial = {key: value for key, value in HIRING.items() if key != "transparency"}
    submit(hiring_system, admin_a, partial)
    body = as_user(admin_a, "ja").get(f"/assessments/systems/{hiring_system.pk}/?as_of=2026-11-29").content.decode()
    assert "未回答の質問" in body
    assert f'href="/registry/systems/{hiring_system.pk}/profile/transparency/#q-transparency.interacts_with_people"' in body


def test_liaison_cannot_save_an_assessment(as_user, hiring_system, admin_a, liaison):
    submit(hiring_system, admin_a, HIRING)
    assert as_user(liaison).post(f"/assessments/systems/{hiring_system.pk}/assess/").status_code == 403


@pytest.mark.parametrize(("persona", "status"), [("hq_manager", 200), ("liaison", 200), ("admin_a", 403)])
def test_inventory_is_for_government(request, as_user, persona, status):
    assert as_user(request.getfixturevalue(persona)).get("/assessments/inventory/").status_code == status


def test_inventory_counts_current_assessments_per_tier(as_user, hq_analyst, business_a, admin_a):
    for data in (HIRING, HIRING, DEROGATED):
        submit(AISystemFactory(organisation=business_a), admin_a, data)
    rows = {key: count for key, label, count in as_user(hq_analyst).get("/assessments/inventory/").context["tier_rows"]}
    assert rows["high"] == 2
    assert sum(rows.values()) == 3


@time_machine.travel("2026-07-01 09:00 +0900", tick=False)
def test_reassessment_saves_rows_only_where_the_result_changed(business_a, admin_a, hq_manager):
    systems = [AISystemFactory(organisation=business_a) for _ in range(5)]
    for system in systems:
        submit(system, admin_a, HIRING)
    run = ReassessmentRun.objects.create(as_of=date(2026, 7, 1), rulebook_version=rulebook.RULEBOOK_VERSION, requested_by=hq_manager)
    reassess(run, batch_size=2)
    assert (run.state, run.total, run.done, run.changed) == ("finished", 5, 5, 0)
    # After Regulation (EU) 2026/1744 the Annex III high-risk duties move from 2 Aug 2026 to 2 Dec 2027.
    later = ReassessmentRun.objects.create(as_of=date(2026, 11, 30), rulebook_version=rulebook.RULEBOOK_VERSION, requested_by=hq_manager)
    reassess(later, batch_size=2)
    assert (later.done, later.changed) == (5, 5)
    latest = Assessment.objects.current().get(system=systems[0])
    with translation.override("en"):
        messages = [c.message for c in changes(latest.previous().result, latest.result)]
    assert "Obligation moved (Provider): Art 9 now applies from 2027-12-02 instead of 2026-08-02." in messages
    assert Assessment.objects.filter(system=systems[0]).count() == 2
    assert AuditEvent.objects.filter(action="reassessment.finished").count() == 2


# The worker closes its database connection after each task, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_reassessment_runs_in_the_background_worker(as_user, hq_manager, business_a, admin_a, django_capture_on_commit_callbacks):
    submit(AISystemFactory(organisation=business_a), admin_a, HIRING)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(hq_manager).post("/assessments/inventory/runs/")
    assert response.status_code == 302
    run = ReassessmentRun.objects.get()
    assert run.state == "queued"
    call_command("db_worker", batch=True, reload=False, queue_name="*", verbosity=0, startup_delay=False)
    run.refresh_from_db()
    assert (run.state, run.done, run.total) == ("finished", 1, 1)
    assert as_user(hq_manager).get(f"/assessments/inventory/runs/{run.pk}/").status_code == 200


def test_only_hq_starts_a_reassessment(as_user, liaison):
    assert as_user(liaison).post("/assessments/inventory/runs/").status_code == 403
    assert ReassessmentRun.objects.count() == 0


def test_api_lists_saved_assessments_of_visible_systems_only(as_user, business_a, business_b, admin_a, admin_b):
    mine, theirs = AISystemFactory(organisation=business_a), AISystemFactory(organisation=business_b)
    submit(mine, admin_a, HIRING)
    submit(theirs, admin_b, HIRING)
    items = as_user(admin_a).get("/api/v1/assessments/saved").json()["items"]
    assert [item["system_id"] for item in items] == [mine.pk]
    assert items[0]["eu_tier"] == "high"
    other = Assessment.objects.get(system=theirs)
    assert as_user(admin_a).get(f"/api/v1/assessments/saved/{other.pk}").status_code == 404


def test_inventory_costs_the_same_queries_for_one_or_many_systems(as_user, hq_analyst, business_a, admin_a, django_assert_max_num_queries):
    submit(AISystemFactory(organisation=business_a), admin_a, HIRING)
    client = as_user(hq_analyst)
    with django_assert_max_num_queries(30) as one:
        client.get("/assessments/inventory/")
    for _ in range(4):
        submit(AISystemFactory(organisation=business_a), admin_a, DEROGATED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/assessments/inventory/")


def test_system_report_downloads_as_a_pdf_named_after_the_system(as_user, hiring_system, admin_a):
    submit(hiring_system, admin_a, HIRING)
    response = as_user(admin_a, "ja").get(f"/assessments/systems/{hiring_system.pk}/report.pdf?as_of=2026-11-29")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="honbu-assessment-{hiring_system.pk}-2026-11-29.pdf"'
    body = response.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert b"HeiseiKakuGo-W5" in body  # Japanese text set in a CID font every reader supplies


@pytest.mark.parametrize(("persona", "status"), [("admin_b", 404), ("liaison", 200)])
def test_system_pdf_follows_the_system_gate(request, as_user, hiring_system, admin_a, persona, status):
    submit(hiring_system, admin_a, HIRING)
    assert as_user(request.getfixturevalue(persona)).get(f"/assessments/systems/{hiring_system.pk}/report.pdf").status_code == status


def test_system_pdf_without_a_submitted_profile_is_404(as_user, hiring_system, admin_a):
    assert as_user(admin_a).get(f"/assessments/systems/{hiring_system.pk}/report.pdf").status_code == 404


@pytest.mark.parametrize("as_of", ["2026-13-45", "yesterday", "1999-01-01", "2099-01-01"])
def test_system_page_and_pdf_take_any_date_without_failing(as_user, hiring_system, admin_a, as_of):
    submit(hiring_system, admin_a, HIRING)
    client = as_user(admin_a)
    page = client.get(f"/assessments/systems/{hiring_system.pk}/", {"as_of": as_of})
    assert page.status_code == 200
    start, end = page.context["covered"]
    assert start <= page.context["as_of"] <= end
    assert client.get(f"/assessments/systems/{hiring_system.pk}/report.pdf", {"as_of": as_of}).status_code == 200
