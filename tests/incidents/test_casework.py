import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from honbu.core.models import AuditEvent
from honbu.incidents import transitions
from honbu.incidents.models import Case, Measure, NamePublication, Report
from tests.conftest import client_for
from tests.incidents.factories import DEEPFAKE_JA, make_report

TODAY = dt.date(2026, 7, 1)


def actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


@pytest.fixture
def deepfake_reports(db):
    earlier = make_report(title="Deepfake investment ads use a newscaster's face",
                          description="Ads on social media show a deepfake video of a well-known newscaster "
                                      "recommending an investment scheme. The video generation AI copied her face "
                                      "and voice; victims lost money.", harms=["deepfake", "fraud"],
                          source_urls=["https://news.example.jp/deepfake-ad"])
    unrelated = make_report(title="Warehouse robot injured a worker",
                            description="A robot arm in a logistics warehouse hit a worker during a night shift.",
                            harms=["physical"])
    return earlier, unrelated


def test_done_when_flow_public_report_to_published_case(deepfake_reports, hq_analyst, hq_manager, admin_a,
                                                        business_a, as_user, django_capture_on_commit_callbacks,
                                                        time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 1, 10, tzinfo=dt.timezone.utc))
    earlier, unrelated = deepfake_reports
    public = client_for(None, "ja")
    with django_capture_on_commit_callbacks(execute=True):
        public.post("/incidents/report/", {**DEEPFAKE_JA, "submission_key": "abc", "contact_email": "me@example.jp",
                                          "source_urls": "https://news.example.jp/deepfake-ad"})
    report = Report.objects.get(title=DEEPFAKE_JA["title"])
    code = public.session["incidents_receipt"]

    analyst = as_user(hq_analyst, "en")
    assert report.title in analyst.get("/incidents/triage/").content.decode()
    page = analyst.get(f"/incidents/reports/{report.pk}/")
    suggested = [row["report"] for row in page.context["suggestions"]["reports"]]
    assert suggested[0] == earlier
    assert "same source link" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/incidents/triage/merge/", {"reports": [report.pk, earlier.pk], "title": "Deepfake ads"})
    case = Case.objects.get()
    assert response["Location"] == f"/incidents/cases/{case.pk}/"
    assert set(case.reports.all()) == {report, earlier}
    assert "人工知能戦略本部で分析中" in mail.outbox[-1].body

    analyst.post(f"/incidents/cases/{case.pk}/move/start_analysis/")
    analyst.post(f"/incidents/cases/{case.pk}/analysis/", {
        "title": "Deepfake investment ads", "rights_affected": "portrait rights, property",
        "cause": "A video generation service allowed uploads of third parties' faces without checks.",
        "system_description": "video generation AI", "organisations": [business_a.pk],
        "harms": ["deepfake", "fraud"], "severity": "significant",
        "summary_ja": "動画生成AIで著名人の顔を使った投資詐欺広告が作られた事案。",
        "summary_en": "Investment-fraud ads made with a video generation AI using a public figure's face."})
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(f"/incidents/cases/{case.pk}/measures/", {
            "organisation": business_a.pk, "kind": "guidance", "due_on": "2026-08-01",
            "text": "Check consent before generating videos of real people's faces."})
    measure = Measure.objects.get()
    assert (measure.state, measure.organisation) == ("issued", business_a)

    business = as_user(admin_a, "en")
    dashboard = business.get("/dashboard/").content.decode()
    assert "Guidance (指導)" in dashboard and f"/incidents/measures/{measure.pk}/" in dashboard
    business.post(f"/incidents/measures/{measure.pk}/", {"answer": "accept", "text": "Consent check by September."})
    measure.refresh_from_db()
    assert (measure.state, measure.action_plan, measure.answered_by) == ("accepted", "Consent check by September.",
                                                                         admin_a)

    analyst.post(f"/incidents/cases/{case.pk}/move/decide_measures/")
    manager = as_user(hq_manager, "en")
    manager.post(f"/incidents/cases/{case.pk}/publish/")
    case.refresh_from_db()
    assert case.state == "measures_decided" and case.published_at is not None

    published = client_for(None, "en").get(f"/incidents/published/{case.pk}/").content.decode()
    assert "Investment-fraud ads made with a video generation AI" in published
    assert DEEPFAKE_JA["title"] not in published and business_a.name_en not in published
    feed = client_for(None, "en").get("/api/v1/incidents/published").json()
    assert [c["reference"] for c in feed["cases"]] == [case.reference]
    assert feed["cases"][0]["actions_taken"] == ["guidance"]

    receipt = client_for(None, "ja").post("/incidents/receipt/", {"code": code}).content.decode()
    assert "人工知能戦略本部で分析中" in receipt
    assert actions()[-10:] == ["report.submitted", "case.opened", "report.merged", "report.merged",
                               "case.analysis_started", "case.analysis_recorded", "measure.issued",
                               "measure.accepted", "case.measures_decided", "case.published"]


def test_case_edges_are_checked(hq_analyst, db):
    case = transitions.merge_into_case(reports=[make_report()], by=hq_analyst)
    with pytest.raises(ValidationError) as refused, translation.override("ja"):
        transitions.close_case(case=case, by=hq_analyst)
    assert refused.value.messages == ["事案を「受付」から「終了」に進めることはできません。"]
    transitions.start_analysis(case=case, by=hq_analyst)
    with pytest.raises(ValidationError):
        transitions.decide_measures(case=case, by=hq_analyst)
    transitions.close_case(case=case, by=hq_analyst)
    transitions.reopen_case(case=case, by=hq_analyst, reason="New evidence")
    assert case.state == "under_analysis"
    event = AuditEvent.objects.filter(action="case.reopened").get()
    assert (event.changes, event.data) == ({"state": ["closed", "under_analysis"]}, {"reason": "New evidence"})


def test_report_can_belong_to_several_cases_and_be_split(hq_analyst, db):
    first, second, third = make_report(title="A"), make_report(title="B"), make_report(title="C")
    case_one = transitions.merge_into_case(reports=[first, second], by=hq_analyst)
    case_two = transitions.merge_into_case(reports=[first], by=hq_analyst, title="Other angle")
    assert set(first.cases.all()) == {case_one, case_two}
    new_case = transitions.split_report(report=second, case=case_one, by=hq_analyst)
    assert list(new_case.reports.all()) == [second] and list(case_one.reports.all()) == [first]
    event = AuditEvent.objects.get(action="report.split")
    assert event.data == {"from_case": case_one.pk, "to_case": new_case.pk}
    with pytest.raises(ValidationError):
        transitions.split_report(report=third, case=case_one, by=hq_analyst)


def test_triage_out_of_scope_and_referral_are_audited_and_shown_to_the_submitter(hq_analyst, ministry, as_user,
                                                                                 django_capture_on_commit_callbacks):
    report = make_report(contact_email="me@example.jp")
    other = make_report(title="Other")
    analyst = as_user(hq_analyst, "en")
    response = analyst.post(f"/incidents/reports/{report.pk}/out-of-scope/", {"reason": ""})
    assert Report.objects.get(pk=report.pk).status == "new"
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(f"/incidents/reports/{report.pk}/out-of-scope/", {"reason": "Not caused by AI"})
    assert Report.objects.get(pk=report.pk).status == "out_of_scope"
    assert "第16条の対象外" in mail.outbox[-1].body and "Not caused by AI" not in mail.outbox[-1].body
    analyst.post(f"/incidents/reports/{other.pk}/refer/", {"ministry": ministry.pk})
    assert Report.objects.get(pk=other.pk).referred_to == ministry
    analyst.post(f"/incidents/reports/{other.pk}/claim/")
    assert actions()[-3:] == ["report.out_of_scope", "report.referred", "report.claimed"]
    assert response.status_code == 302


def test_triage_filters_and_sorts(hq_analyst, as_user, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    old = make_report(title="Old serious", severity="serious", harms=["physical"])
    time_machine.move_to(dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
    new = make_report(title="New minor", severity="minor", harms=["privacy"], language="en")
    analyst = as_user(hq_analyst, "en")

    def titles(**query):
        return [r.title for r in analyst.get("/incidents/triage/", query).context["page"]]

    assert titles() == ["New minor", "Old serious"]
    assert titles(sort="severity") == ["Old serious", "New minor"]
    assert titles(harm="privacy") == ["New minor"]
    assert titles(severity="serious") == ["Old serious"]
    assert titles(older_than=30) == ["Old serious"]
    assert titles(language="en") == ["New minor"]
    assert titles(harm="bogus") == ["New minor", "Old serious"]
    assert new.pk and old.pk


def test_triage_queue_costs_the_same_for_one_and_many_reports(hq_analyst, as_user, django_assert_max_num_queries):
    analyst = as_user(hq_analyst, "en")
    make_report()
    with django_assert_max_num_queries(9):
        analyst.get("/incidents/triage/")
    for n in range(5):
        transitions.merge_into_case(reports=[make_report(title=f"R{n}")], by=hq_analyst)
    with django_assert_max_num_queries(9):
        analyst.get("/incidents/triage/", {"status": "all"})


@pytest.mark.parametrize("persona", ["admin_a", "member_a", "admin_b", None])
def test_triage_and_cases_are_invisible_outside_hq_and_ministries(persona, request, db):
    user = request.getfixturevalue(persona) if persona else None
    case = transitions.merge_into_case(reports=[make_report()], by=None)
    client = client_for(user)
    for url in ("/incidents/triage/", "/incidents/cases/", f"/incidents/cases/{case.pk}/"):
        response = client.get(url)
        assert response.status_code == (302 if user is None else 404)


def test_liaison_can_work_on_cases(liaison, as_user):
    report = make_report()
    client = as_user(liaison, "en")
    assert client.get(f"/incidents/reports/{report.pk}/").status_code == 200
    client.post("/incidents/triage/merge/", {"reports": [report.pk]})
    assert Case.objects.count() == 1


def test_measure_answer_only_by_the_addressed_organisation_admin(hq_analyst, admin_a, member_a, admin_b, business_a,
                                                                 as_user, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc))
    case = transitions.merge_into_case(reports=[make_report()], by=hq_analyst)
    transitions.start_analysis(case=case, by=hq_analyst)
    measure = transitions.issue_measure(case=case, by=hq_analyst, organisation=business_a, kind="advice",
                                        text="Review the model.", due_on=TODAY)
    url = f"/incidents/measures/{measure.pk}/"
    assert as_user(admin_b).get(url).status_code == 404
    assert as_user(member_a).get(url).status_code == 200
    assert as_user(member_a).post(url, {"answer": "accept", "text": "plan"}).status_code == 403
    assert as_user(hq_analyst).post(url, {"answer": "accept", "text": "plan"}).status_code == 403
    response = as_user(admin_a, "en").post(url, {"answer": "dispute", "text": ""})
    assert response.context["form"].errors == {"text": ["This field is required."]}
    as_user(admin_a).post(url, {"answer": "dispute", "text": "The model was not ours."})
    measure.refresh_from_db()
    assert (measure.state, measure.dispute_reasons) == ("disputed", "The model was not ours.")
    response = as_user(admin_a, "en").post(url, {"answer": "complete", "text": "Done"})
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="measure.disputed").changes == {"state": ["issued", "disputed"]}


def test_measure_list_costs_the_same_for_one_and_many(hq_analyst, admin_a, business_a, as_user,
                                                      django_assert_max_num_queries):
    case = transitions.merge_into_case(reports=[make_report()], by=hq_analyst)
    transitions.start_analysis(case=case, by=hq_analyst)
    due = dt.date.today() + dt.timedelta(days=30)
    transitions.issue_measure(case=case, by=hq_analyst, organisation=business_a, kind="advice", text="x", due_on=due)
    client = as_user(admin_a)
    with django_assert_max_num_queries(8):
        client.get("/incidents/measures/")
    for _ in range(4):
        transitions.issue_measure(case=case, by=hq_analyst, organisation=business_a, kind="guidance", text="y",
                                  due_on=due)
    with django_assert_max_num_queries(8):
        assert len(client.get("/incidents/measures/").context["page"]) == 5


def test_name_publication_needs_a_manager_rationale_and_notice_first(hq_analyst, hq_manager, admin_a, business_a,
                                                                     django_capture_on_commit_callbacks):
    case = transitions.merge_into_case(reports=[make_report(organisation=business_a)], by=hq_analyst)
    with pytest.raises(ValidationError):
        transitions.approve_name_publication(case=case, organisation=business_a, by=hq_analyst, rationale="bad")
    with pytest.raises(ValidationError):
        transitions.approve_name_publication(case=case, organisation=business_a, by=hq_manager, rationale=" ")
    with django_capture_on_commit_callbacks(execute=True):
        publication = transitions.approve_name_publication(case=case, organisation=business_a, by=hq_manager,
                                                           rationale="Repeated malicious use after guidance.")
    assert mail.outbox[-1].to == [admin_a.email]
    assert "Repeated malicious use after guidance." in mail.outbox[-1].body
    assert actions()[-2:] == ["case.name_publication_approved", "organisation.notified_of_name_publication"]
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        transitions.publish_name(publication=publication, by=hq_manager)
    assert refused.value.messages == ["Publish the case summary first."]
    case.summary_ja, case.summary_en, case.state = "概要", "Summary", Case.State.CLOSED
    case.save()
    transitions.publish_case(case=case, by=hq_manager)
    transitions.publish_name(publication=publication, by=hq_manager)
    assert NamePublication.objects.get().state == "published"
    feed = client_for(None).get("/api/v1/incidents/published").json()
    assert feed["cases"][0]["organisations_named"] == [{"name_ja": business_a.name_ja, "name_en": business_a.name_en}]


def test_a_manager_approves_naming_from_the_case_page(hq_analyst, hq_manager, business_a, as_user):
    case = transitions.merge_into_case(reports=[make_report(organisation=business_a)], by=hq_analyst)
    transitions.start_analysis(case=case, by=hq_analyst)
    transitions.record_analysis(case=case, by=hq_analyst, organisations=[business_a], title=case.title)
    page = as_user(hq_manager, "en").get(f"/incidents/cases/{case.pk}/").content.decode()
    assert page.count('id="id_organisation"') == 1 and 'id="id_name-organisation"' in page  # ids stay unique
    url = f"/incidents/cases/{case.pk}/names/"
    blank = {"name-organisation": business_a.pk, "name-rationale": " "}
    assert as_user(hq_manager, "en").post(url, blank).status_code == 302 and not NamePublication.objects.exists()
    assert as_user(hq_analyst, "en").post(url, {**blank, "name-rationale": "x"}).status_code == 403
    response = as_user(hq_manager, "en").post(url, {**blank, "name-rationale": "Repeated malicious use after guidance."})
    assert response.status_code == 302 and NamePublication.objects.get().organisation == business_a
    assert "case.name_publication_approved" in actions()


def test_published_pages_cost_the_same_for_one_and_many(hq_manager, hq_analyst, django_assert_max_num_queries):
    def published_case():
        case = transitions.merge_into_case(reports=[make_report()], by=hq_analyst)
        case.summary_ja, case.summary_en, case.state = "概要", "Summary", Case.State.CLOSED
        case.save()
        transitions.publish_case(case=case, by=hq_manager)

    published_case()
    client = client_for(None)
    with django_assert_max_num_queries(12):
        client.get("/incidents/published/")
    for _ in range(3):
        published_case()
    with django_assert_max_num_queries(12):
        assert len(client.get("/incidents/published/").context["page"]) == 4


@pytest.mark.parametrize(("language", "message"), [
    ("en", "was closed in triage and cannot join a case."),
    ("ja", "振り分けで終了しているため、事案に統合できません。"),
])
def test_merging_a_report_closed_in_triage_is_refused_and_creates_no_case(hq_analyst, as_user, language, message):
    closed, open_report = make_report(title="Closed"), make_report(title="Open")
    transitions.mark_out_of_scope(report=closed, by=hq_analyst, reason="Not caused by AI")
    response = as_user(hq_analyst, language).post("/incidents/triage/merge/", {"reports": [open_report.pk, closed.pk]},
                                                  follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Case.objects.count() == 0
    assert Report.objects.get(pk=open_report.pk).status == "new"


def test_merge_transition_needs_at_least_one_report(hq_analyst):
    with pytest.raises(ValidationError):
        transitions.merge_into_case(reports=[], by=hq_analyst)
