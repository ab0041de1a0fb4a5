"""Bulk import (dry run, every bad row and column, all or nothing) and export with formula injection neutralised."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from honbu.core.models import AuditEvent, Organisation
from honbu.registry import bulk
from honbu.registry.models import AISystem, ImportRun
from honbu.registry.tasks import import_file
from tests.factories import corporate_number
from tests.registry.factories import AISystemFactory


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def organisation_rows(n=2, header_language="ja"):
    header = ["種別", "名称（日本語）", "名称（英語）", "法人番号", "ウェブサイト", "AI開発者"] if header_language == "ja" else [
        "Kind", "Name (Japanese)", "Name (English)", "Corporate number", "Website", "AI developer"]
    return [header] + [["business", f"株式会社取込{i}", f"Import {i} Inc.", corporate_number(), "https://x.example.jp/", "はい"]
                       for i in range(n)]


def workbook_bytes(sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="data.csv", dry_run=False):
    """Upload, let the worker's task run (the worker itself is tested below), and open the status page."""
    data = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    response = client.post("/registry/import/", data)
    if response.status_code != 302:
        return response
    import_file.call(str(ImportRun.objects.latest("created_at").pk))
    return client.get(response["Location"])


def test_csv_import_creates_verified_organisations_in_one_audited_step(as_user, hq_manager):
    response = upload(as_user(hq_manager, "en"), csv_bytes(organisation_rows(3)))
    assert "Imported 3 organisations and 0 AI systems." in response.content.decode()
    assert Organisation.objects.filter(name_ja__startswith="株式会社取込", verification="verified").count() == 3
    assert Organisation.objects.get(name_ja="株式会社取込0").search_text.strip() != ""
    assert AuditEvent.objects.get(action="registry.imported").data == {"file": "data.csv", "organisations": 3, "systems": 0}


def test_dry_run_imports_nothing(as_user, hq_manager):
    response = upload(as_user(hq_manager, "en"), csv_bytes(organisation_rows(2, "en")), dry_run=True)
    assert "All 2 rows are correct." in response.content.decode()
    assert not Organisation.objects.filter(name_ja__startswith="株式会社取込").exists()


def test_every_bad_row_and_column_is_reported_and_nothing_imported(as_user, hq_manager, business_a):
    rows = organisation_rows(4)
    rows[1][3] = "1234567890123"            # wrong check digit
    rows[2][4] = "not a url"                # malformed URL
    rows[3][3] = business_a.corporate_number  # already registered
    rows[4][5] = "maybe"                    # not yes/no
    response = upload(as_user(hq_manager, "en"), csv_bytes(rows))
    state = response.context["state"]
    assert [(e["row"], e["column"]) for e in state.errors] == [
        (2, "Corporate number"), (3, "Website"), (4, "Corporate number"), (5, "AI developer")]
    assert "4 problems were found; nothing was imported." in response.content.decode()
    assert not Organisation.objects.filter(name_ja__startswith="株式会社取込").exists()


def test_xlsx_with_organisations_and_systems_sheets(as_user, hq_manager, business_a):
    number = corporate_number()
    content = workbook_bytes({
        "組織": [["種別", "名称（日本語）", "法人番号"], ["university", "架空工業大学", number]],
        "AIシステム": [["組織の法人番号", "名称（日本語）", "ライフサイクル", "市場：EU"],
                   [number, "講義要約AI", "in_service", "はい"], [business_a.corporate_number, "店舗顔認証", "planned", "0"]],
    })
    response = upload(as_user(hq_manager, "en"), content, name="upload.csv")  # the name lies; the content decides
    assert "Imported 1 organisations and 2 AI systems." in response.content.decode()
    assert AISystem.objects.get(name_ja="講義要約AI").organisation.name_ja == "架空工業大学"
    assert AISystem.objects.get(name_ja="講義要約AI").market_eu is True


def test_system_rows_need_a_known_organisation(as_user, hq_manager):
    content = csv_bytes([["organisation_corporate_number", "name_ja", "lifecycle"], [corporate_number(), "孤児システム", "nonsense"]])
    state = upload(as_user(hq_manager, "en"), content).context["state"]
    assert [(e["row"], e["column"]) for e in state.errors] == [(2, "Lifecycle status"), (2, "Organisation corporate number")]
    assert AISystem.objects.count() == 0


def test_shift_jis_csv_is_read(as_user, hq_manager):
    response = upload(as_user(hq_manager, "en"), csv_bytes(organisation_rows(1), encoding="cp932"))
    assert "Imported 1 organisations" in response.content.decode()


def test_binary_upload_is_refused(as_user, hq_manager):
    response = upload(as_user(hq_manager, "en"), b"\x7fELF\x02\x01\x01\x00\x00\x00", name="data.csv")
    assert "The file is neither CSV nor an Excel workbook (.xlsx)." in response.content.decode()


def test_an_oversized_upload_is_refused_and_nothing_queued(as_user, hq_manager, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_UPLOAD_BYTES", 100)
    response = upload(as_user(hq_manager, "ja"), csv_bytes(organisation_rows(5)))
    assert response.status_code == 200 and "ファイルが50 MBを超えています。" in response.content.decode()
    assert not ImportRun.objects.exists() and not Organisation.objects.filter(name_ja__startswith="株式会社取込").exists()


@pytest.mark.parametrize("persona", ["liaison", "admin_a"])
def test_only_hq_imports(request, as_user, persona):
    response = as_user(request.getfixturevalue(persona)).post("/registry/import/", {"file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403


# The worker closes its database connection after each task, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_background_worker_imports_the_upload_and_the_page_follows_it(
        as_user, hq_manager, django_capture_on_commit_callbacks):
    client = as_user(hq_manager, "ja")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/registry/import/", {"file": SimpleUploadedFile("組織.csv", csv_bytes(organisation_rows(2)))})
    run = ImportRun.objects.get()
    assert response["Location"] == f"/registry/import/{run.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert run.state == "queued" and 'hx-trigger="every 1s"' in waiting
    call_command("db_worker", batch=True, reload=False, queue_name="*", verbosity=0, startup_delay=False)
    run.refresh_from_db()
    assert (run.state, run.organisations, bytes(run.content), run.finished_at is not None) == ("done", 2, b"", True)
    done = client.get(response["Location"]).content.decode()
    assert "組織2件とAIシステム0件を取り込みました。" in done and 'hx-trigger' not in done
    assert Organisation.objects.filter(name_ja__startswith="株式会社取込").count() == 2


def test_row_problems_are_told_in_the_uploaders_language(as_user, hq_manager):
    rows = organisation_rows(1)
    rows[1][4] = "not a url"
    with translation.override("ja"):  # the worker's own language does not matter
        state = upload(as_user(hq_manager, "en"), csv_bytes(rows)).context["state"]
    assert state.errors[0]["column"] == "Website" and "URL" in state.errors[0]["message"]
    assert not any("\u3040" <= ch <= "\u30ff" for ch in state.errors[0]["message"])


def test_an_import_is_seen_only_by_whoever_uploaded_it(as_user, hq_manager, hq_analyst):
    response = as_user(hq_manager, "en").post("/registry/import/", {"file": SimpleUploadedFile(
        "a.csv", csv_bytes(organisation_rows(1)))})
    assert as_user(hq_analyst, "en").get(response["Location"]).status_code == 404
    assert as_user(hq_manager, "en").get("/registry/import/not-a-run/").status_code == 404


def test_cli_import_with_dry_run_and_errors(tmp_path, hq_manager):
    good = tmp_path / "orgs.csv"
    good.write_bytes(csv_bytes(organisation_rows(2)))
    out = io.StringIO()
    call_command("registry", "import", str(good), "--dry-run", stdout=out)
    assert out.getvalue() == "2 rows checked, no problems (dry run, nothing imported).\n"
    bad = tmp_path / "bad.csv"
    rows = organisation_rows(1)
    rows[1][1] = ""
    bad.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    with pytest.raises(Exception, match="1 problems in 1 rows; nothing was imported."):
        call_command("registry", "import", str(bad), stdout=out)
    assert out.getvalue() == "CSV row 2, Name (Japanese): This field cannot be blank.\n"
    call_command("registry", "import", str(good), stdout=io.StringIO())
    assert Organisation.objects.filter(name_ja__startswith="株式会社取込").count() == 2


def test_csv_export_neutralises_formulas(as_user, admin_a, business_a):
    AISystemFactory(organisation=business_a, name_ja="=HYPERLINK(\"http://evil\")", name_en="+cmd", description_en="@SUM(A1)")
    response = as_user(admin_a, "en").get("/registry/export/", {"kind": "systems", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Organisation corporate number", "Name (Japanese)", "Name (English)"]
    assert rows[1][1:3] == ["'=HYPERLINK(\"http://evil\")", "'+cmd"]
    assert rows[1][4] == "'@SUM(A1)"


def test_xlsx_export_neutralises_formulas_and_shows_only_own_rows(as_user, admin_a, business_a, business_b):
    AISystemFactory(organisation=business_a, name_ja="-1+1")
    AISystemFactory(organisation=business_b, name_ja="他社のシステム")
    response = as_user(admin_a, "ja").get("/registry/export/", {"kind": "systems", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][1] == "名称（日本語）"
    assert [row[1] for row in values[1:]] == ["'-1+1"]


def test_json_export_round_trips_booleans(as_user, hq_analyst, business_a):
    import json

    AISystemFactory(organisation=business_a, name_ja="公開チャットボット", is_public=True)
    response = as_user(hq_analyst).get("/registry/export/", {"kind": "systems", "format": "json"})
    items = json.loads(b"".join(response.streaming_content))
    assert [(i["name_ja"], i["is_public"], i["organisation_corporate_number"]) for i in items] == [
        ("公開チャットボット", True, business_a.corporate_number)]
