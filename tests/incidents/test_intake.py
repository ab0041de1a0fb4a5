import io

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from honbu.core.models import AuditEvent
from honbu.incidents.models import Attachment, Report, ReportFeatures, StatusUpdate
from tests.conftest import client_for
from tests.incidents.factories import DEEPFAKE_JA

URL = "/incidents/report/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def form_post(**overrides):
    data = {"title": DEEPFAKE_JA["title"], "description": DEEPFAKE_JA["description"],
            "harms": DEEPFAKE_JA["harms"], "severity": "significant", "system_name": "動画生成AI",
            "submission_key": "k" * 32, "source_urls": "https://news.example.jp/deepfake-ad\n"}
    data.update(overrides)
    return data


def send(client, **overrides):
    return client.post(URL, form_post(**overrides))


@pytest.fixture
def public(db):
    return client_for(None, "ja")


def test_report_form_renders_without_an_account_in_both_languages(db):
    ja = client_for(None, "ja").get(URL)
    en = client_for(None, "en").get(URL)
    assert ja.status_code == 200 and en.status_code == 200
    assert "AIによる被害を報告する" in ja.content.decode()
    assert "Report harm caused by AI" in en.content.decode()
    assert 'name="submission_key"' in en.content.decode()
    assert "<legend>Kinds of harm" in en.content.decode()


def test_report_public_submission_stores_everything_and_gives_a_receipt(public, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(public, contact_email="victim@example.jp")
    assert response.status_code == 302 and response["Location"] == reverse("incidents:report_sent")
    report = Report.objects.get()
    assert (report.channel, report.language, report.status) == ("public", "ja", "new")
    assert report.harm_list == ["deepfake", "fraud", "psychological"]
    assert report.url_list == ["https://news.example.jp/deepfake-ad"]
    assert ReportFeatures.objects.filter(report=report).exists()
    assert list(StatusUpdate.objects.values_list("status", flat=True)) == ["received"]
    event = AuditEvent.objects.get(action="report.submitted")
    assert (event.actor_id, event.actor_label, event.data) == (None, "public submitter",
                                                               {"channel": "public", "attachments": 0})
    page = public.get(response["Location"]).content.decode()
    assert report.receipt_display in page
    assert len(report.receipt_code) == 12 and set(report.receipt_code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len(mail.outbox) == 1 and report.receipt_display in mail.outbox[0].body
    assert mail.outbox[0].to == ["victim@example.jp"]


def test_report_double_submission_gives_the_same_receipt(public):
    send(public)
    first = public.session["incidents_receipt"]
    response = send(public)
    assert response.status_code == 302
    assert Report.objects.count() == 1
    assert public.session["incidents_receipt"] == first
    assert AuditEvent.objects.filter(action="report.submitted").count() == 1


def test_report_same_token_with_other_content_is_refused(public):
    send(public)
    response = send(public, title="別の報告")
    assert response.status_code == 200
    assert "この送信フォームは既に別の内容で送信されています" in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize("overrides, field", [
    ({"title": "   "}, "title"),
    ({"description": ""}, "description"),
    ({"description": "あ" * 10_001}, "description"),
    ({"harms": []}, "harms"),
    ({"harms": ["nonsense"]}, "harms"),
    ({"severity": "apocalyptic"}, "severity"),
    ({"source_urls": "javascript:alert(1)"}, "source_urls"),
    ({"contact_email": "not-an-address"}, "contact_email"),
    ({"occurred_on": "2999-01-01"}, "occurred_on"),
])
def test_report_bad_input_gives_field_errors_and_saves_nothing(db, overrides, field):
    client = client_for(None, "en")
    response = send(client, **overrides)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Report.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_report_html_is_inert_everywhere(public, hq_analyst, as_user, django_capture_on_commit_callbacks):
    script = "<script>alert('x')</script>"
    with django_capture_on_commit_callbacks(execute=True):
        send(public, title=script, description=f"{script} 本文", contact_email="a@example.jp")
    report = Report.objects.get()
    analyst = as_user(hq_analyst, "en")
    for page in (analyst.get("/incidents/triage/"), analyst.get(f"/incidents/reports/{report.pk}/"),
                 public.post("/incidents/receipt/", {"code": report.receipt_code})):
        body = page.content.decode()
        assert script not in body and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    message = mail.outbox[0]
    assert script in message.body and message.alternatives == [] and message.content_subtype == "plain"


def test_report_attachments_are_checked_by_content_and_stored(public):
    files = [SimpleUploadedFile("screen.png", PNG, "image/png"), SimpleUploadedFile("article.pdf", PDF, "text/plain")]
    response = public.post(URL, {**form_post(), "attachments": files})
    assert response.status_code == 302
    stored = {(a.content_type, a.extension, a.original_name) for a in Attachment.objects.all()}
    assert stored == {("image/png", "png", "screen.png"), ("application/pdf", "pdf", "article.pdf")}
    assert all(not a.file.name.endswith(("screen.png", "article.pdf")) for a in Attachment.objects.all())


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>", "image/png"),
    SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024), "image/png"),
])
def test_report_bad_attachment_is_refused_and_nothing_saved(public, upload):
    response = public.post(URL, {**form_post(), "attachments": [upload]})
    assert response.status_code == 200 and "attachments" in response.context["form"].errors
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


def test_report_more_than_three_attachments_is_refused(public):
    files = [SimpleUploadedFile(f"{i}.png", PNG, "image/png") for i in range(4)]
    response = public.post(URL, {**form_post(), "attachments": files})
    assert response.context["form"].errors["attachments"] == ["Attach at most 3 files."] or \
        response.context["form"].errors["attachments"] == ["添付できるファイルは3件までです。"]
    assert Report.objects.count() == 0


def test_report_failure_in_a_later_step_rolls_everything_back(public, monkeypatch, tmp_path):
    def broken_disk(self, name, content):
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "_save", broken_disk)
    response = public.post(URL, {**form_post(), "attachments": [SimpleUploadedFile("a.png", PNG, "image/png")]})
    assert response.status_code == 200
    assert "報告を保存できませんでした" in response.content.decode()
    assert response.context["form"]["title"].value() == DEEPFAKE_JA["title"]
    assert (Report.objects.count(), ReportFeatures.objects.count(), Attachment.objects.count(),
            StatusUpdate.objects.count(), AuditEvent.objects.count()) == (0, 0, 0, 0, 0)
    assert "incidents_receipt" not in public.session


def test_report_failure_after_the_first_attachment_removes_its_file(public, monkeypatch, tmp_path):
    saved = []
    original = FileSystemStorage._save

    def second_fails(self, name, content):
        if saved:
            raise OSError("disk full")
        saved.append(original(self, name, content))
        return saved[-1]

    monkeypatch.setattr(FileSystemStorage, "_save", second_fails)
    files = [SimpleUploadedFile("a.png", PNG, "image/png"), SimpleUploadedFile("b.pdf", PDF, "application/pdf")]
    public.post(URL, {**form_post(), "attachments": files})
    assert Report.objects.count() == 0
    assert not FileSystemStorage().exists(saved[0])


def test_report_flood_from_one_address_is_rate_limited(public):
    for n in range(10):
        assert send(public, submission_key=f"key{n}", title=f"報告{n}").status_code == 302
    response = send(public, submission_key="key-over", title="11件目")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert Report.objects.count() == 10
    other = client_for(None, "ja")
    assert other.post(URL, form_post(submission_key="other"), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_receipt_shows_status_for_a_typed_code(public):
    send(public)
    report = Report.objects.get()
    typed = report.receipt_display.lower().replace("-", " ")
    page = public.post("/incidents/receipt/", {"code": typed}).content.decode()
    assert report.title in page and "受付済み（確認待ち）" in page


def test_receipt_unknown_code_reveals_nothing(public):
    send(public)
    page = client_for(None, "en").post("/incidents/receipt/", {"code": "AAAA-BBBB-CCCC"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "No report matches this code." in body and DEEPFAKE_JA["title"] not in body


def test_receipt_lookups_are_rate_limited(public):
    for _ in range(30):
        public.post("/incidents/receipt/", {"code": "AAAA-BBBB-CCCC"})
    response = public.post("/incidents/receipt/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1


def test_signed_in_business_reports_under_its_organisation(admin_a, as_user):
    response = as_user(admin_a, "en").post(URL, form_post())
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.channel, report.submitted_by, report.submitter_organisation) == ("account", admin_a,
                                                                                    admin_a.organisation)
    listing = as_user(admin_a, "en").get("/incidents/my-reports/").content.decode()
    assert report.title in listing


def test_attachment_is_served_only_to_staff(public, hq_analyst, liaison, admin_a, as_user):
    public.post(URL, {**form_post(), "attachments": [SimpleUploadedFile("a.png", PNG, "image/png")]})
    attachment = Attachment.objects.get()
    url = f"/incidents/attachments/{attachment.pk}/"
    assert client_for(None).get(url).status_code == 404
    assert as_user(admin_a).get(url).status_code == 404
    assert as_user(liaison).get(url).status_code == 200
    response = as_user(hq_analyst).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PNG


def test_report_form_needs_no_javascript(public):
    body = public.get(URL).content.decode()
    assert 'method="post"' in body and 'enctype="multipart/form-data"' in body and "hx-post" not in body
    assert io  # the form is plain HTML: submitting it is a normal POST (tested above)


def test_rate_limit_ignores_forwarded_for_without_a_proxy(public, settings):
    settings.NINJA_NUM_PROXIES = 0
    for n in range(10):
        assert public.post(URL, form_post(submission_key=f"k{n}"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 302
    # A client cannot pick a new key by writing the header itself.
    assert public.post(URL, form_post(submission_key="over"), HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_rate_limit_behind_a_proxy_keys_on_the_rightmost_untrusted_hop(public, settings):
    settings.NINJA_NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(10):
        # The client forged the leftmost entry; the proxy appended the address it saw.
        response = public.post(URL, form_post(submission_key=f"k{n}"), HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.5",
                               **proxy)
        assert response.status_code == 302
    assert public.post(URL, form_post(submission_key="over"), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    # Another client behind the same proxy has its own counter.
    assert public.post(URL, form_post(submission_key="other"), HTTP_X_FORWARDED_FOR="203.0.113.6",
                       **proxy).status_code == 302


def test_client_address_behind_proxies(rf, settings):
    from honbu.incidents.throttle import client_address

    def address(forwarded=None, remote="10.0.0.1"):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(rf.get("/", REMOTE_ADDR=remote, **extra))

    settings.NINJA_NUM_PROXIES = 0
    assert address("203.0.113.5") == "10.0.0.1"
    settings.NINJA_NUM_PROXIES = 1
    assert (address("203.0.113.5"), address("1.1.1.1,203.0.113.5"), address(None)) == ("203.0.113.5", "203.0.113.5",
                                                                                      "10.0.0.1")
    assert (address("not an address"), address(""), address("2001:DB8::1")) == ("10.0.0.1", "10.0.0.1", "2001:db8::1")
    settings.NINJA_NUM_PROXIES = 2
    assert (address("1.1.1.1, 203.0.113.5, 10.0.0.2"), address("203.0.113.5")) == ("203.0.113.5", "203.0.113.5")


def test_receipt_rate_limit_behind_a_proxy(public, settings):
    settings.NINJA_NUM_PROXIES = 1
    for _ in range(30):
        public.post("/incidents/receipt/", {"code": "XXXX"}, HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert public.post("/incidents/receipt/", {"code": "XXXX"}, HTTP_X_FORWARDED_FOR="203.0.113.5",
                       REMOTE_ADDR="10.0.0.1").status_code == 429
    assert public.post("/incidents/receipt/", {"code": "XXXX"}, HTTP_X_FORWARDED_FOR="203.0.113.9",
                       REMOTE_ADDR="10.0.0.1").status_code == 200
