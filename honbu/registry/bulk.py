"""Bulk import and export of organisations and AI systems (CSV and XLSX; export also JSON).

An import reads the whole file, checks every row and column, and writes nothing while any error remains;
the write is one transaction of batched inserts. Column headers may be the key, the English or the Japanese
header of the template (see `TEMPLATE`, documented in docs/registry-import.md).
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from honbu.core.audit import record
from honbu.core.models import Organisation
from honbu.registry.listcache import bump_version
from honbu.registry.models import AISystem
from honbu.registry.search import search_text

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
BATCH = 2000

ORGANISATION_COLUMNS = [
    ("kind", "Kind", "種別"), ("name_ja", "Name (Japanese)", "名称（日本語）"), ("name_en", "Name (English)", "名称（英語）"),
    ("name_kana", "Kana reading", "よみがな"), ("corporate_number", "Corporate number", "法人番号"),
    ("legal_form", "Legal form", "法人格"), ("sector", "Sector (JSIC division)", "業種（大分類）"),
    ("is_sme", "SME", "中小企業"), ("prefecture", "Prefecture code", "都道府県コード"), ("website", "Website", "ウェブサイト"),
    ("contact_email", "Contact email", "連絡先メール"), ("contact_phone", "Contact telephone", "連絡先電話番号"),
    ("act_status", "Status under the Act", "AI推進法上の位置付け"), ("is_ai_developer", "AI developer", "AI開発者"),
    ("is_ai_provider", "AI provider", "AI提供者"), ("is_ai_business_user", "AI business user", "AI利用者"),
    ("established_in_eu", "Established in the EU", "EU域内の拠点"),
    ("has_eu_authorised_representative", "EU authorised representative", "EU域内の認定代理人"),
]
SYSTEM_COLUMNS = [
    ("organisation_corporate_number", "Organisation corporate number", "組織の法人番号"),
    ("name_ja", "Name (Japanese)", "名称（日本語）"), ("name_en", "Name (English)", "名称（英語）"),
    ("description_ja", "Description (Japanese)", "説明（日本語）"), ("description_en", "Description (English)", "説明（英語）"),
    ("intended_purpose", "Intended purpose", "想定された利用目的"), ("lifecycle", "Lifecycle status", "ライフサイクル"),
    ("is_developer", "We develop it", "開発"), ("is_provider", "We provide it", "提供"),
    ("is_business_user", "We use it", "利用"), ("market_jp", "Market: Japan", "市場：日本"),
    ("market_eu", "Market: EU", "市場：EU"), ("market_other", "Market: other", "市場：その他"),
    ("is_public", "Listed publicly", "一般公開"),
]
TEMPLATE = {"organisations": ORGANISATION_COLUMNS, "systems": SYSTEM_COLUMNS}
BOOLEAN_FIELDS = {"is_sme", "is_ai_developer", "is_ai_provider", "is_ai_business_user", "established_in_eu",
                  "has_eu_authorised_representative", "is_developer", "is_provider", "is_business_user", "market_jp",
                  "market_eu", "market_other", "is_public"}
TRUE, FALSE = {"1", "true", "yes", "y", "はい", "○", "〇", "x", "✓"}, {"", "0", "false", "no", "n", "いいえ", "-", "×"}


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}, {self.column}: {self.message}"


@dataclass
class Result:
    total: int = 0
    organisations: int = 0
    systems: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False


# -- reading -------------------------------------------------------------------------------------------------

def sniff(content: bytes) -> str:
    """'xlsx' or 'csv' from the bytes themselves, whatever the file is called."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 50 MB."))
    if content[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            raise ValidationError(_("The file is neither CSV nor an Excel workbook (.xlsx)."))
        if "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names):
            return "xlsx"
        raise ValidationError(_("The file is neither CSV nor an Excel workbook (.xlsx)."))
    if b"\x00" in content[:4096]:
        raise ValidationError(_("The file is neither CSV nor an Excel workbook (.xlsx)."))
    return "csv"


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):  # Excel in Japan saves CSV as Shift_JIS (cp932)
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The CSV file is neither UTF-8 nor Shift_JIS text."))


def sheets(content: bytes) -> Iterator[tuple[str, list[str], Iterable[list]]]:
    """(sheet name, header, rows) for each sheet of the file."""
    if sniff(content) == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header:
                yield sheet.title, [str(h or "").strip() for h in header], (
                    ["" if v is None else str(v) for v in row] for row in rows)
        return
    reader = csv.reader(io.StringIO(_decode(content)))
    header = next(reader, None)
    if header:
        yield "CSV", [h.strip() for h in header], reader


def _columns_for(header: list[str]) -> tuple[str, dict[int, str]] | None:
    """Which template the header belongs to, and column position → field key."""
    for kind, columns in TEMPLATE.items():
        names = {}
        for key, en, ja in columns:
            for alias in (key, en, ja):
                names[alias.lower()] = key
        mapping = {i: names[h.lower()] for i, h in enumerate(header) if h.lower() in names}
        required = {"organisations": {"kind", "name_ja"}, "systems": {"organisation_corporate_number", "name_ja"}}[kind]
        if required <= set(mapping.values()):
            return kind, mapping
    return None


# -- checking and writing ------------------------------------------------------------------------------------

def _boolean(value: str) -> bool:
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError(_("Write yes or no (1 or 0)."))


class RowCleaner:
    """Field-level checks of one model's rows, as `full_clean` makes them (no model has a `clean()` of its own),
    but each distinct (column, text) pair is checked once: kinds, sectors, statuses and yes/no columns repeat on
    almost every row of a file, and the validators (URL, e-mail, corporate number) are the import's main cost after
    tokenisation. Uniqueness is checked in bulk afterwards by `run_import`."""

    def __init__(self, model, exclude: set):
        self.model = model
        self.fields = {f.name: f for f in model._meta.concrete_fields if f.name not in exclude}
        self.memo: dict[tuple[str, str], tuple[object, list[str] | None]] = {}

    def _check(self, key: str, raw: str) -> tuple[object, list[str] | None]:
        if key in BOOLEAN_FIELDS:
            try:
                return _boolean(raw), None
            except ValidationError as error:
                return None, error.messages
        field = self.fields[key]
        if field.blank and raw in field.empty_values:
            return raw, None
        try:
            return field.clean(raw, None), None
        except ValidationError as error:
            return None, error.messages

    def clean(self, values: dict) -> tuple[object, dict[str, list[str]]]:
        errors: dict[str, list[str]] = {}
        fields = {}
        for key, raw in values.items():
            if key not in self.fields:
                continue
            raw = (raw or "").strip()
            memo_key = (key, raw)
            if memo_key not in self.memo:
                self.memo[memo_key] = self._check(key, raw)
            value, messages = self.memo[memo_key]
            if messages:
                errors[key] = list(messages)
                fields[key] = raw
            else:
                fields[key] = value
        return self.model(**fields), errors


def run_import(content: bytes, *, by, dry_run: bool = False, filename: str = "",
               progress: Callable[[str, int, int], None] | None = None) -> Result:
    """Check every row; unless it is a dry run and only when no row is bad, write everything in one transaction."""
    progress = progress or (lambda state, done, total: None)
    result = Result(dry_run=dry_run)
    organisations: list[Organisation] = []
    systems: list[tuple[AISystem, str]] = []
    labels = {key: en for columns in TEMPLATE.values() for key, en, _ja in columns}
    seen_numbers: dict[str, tuple[str, int]] = {}
    organisation_cleaner, system_cleaner = RowCleaner(Organisation, set()), RowCleaner(AISystem, {"organisation"})
    for sheet, header, rows in sheets(content):
        template = _columns_for(header)
        if template is None:
            result.errors.append(RowError(sheet, 1, "—", _("The header row matches neither the organisation nor the "
                                                           "AI system template.")))
            continue
        kind, mapping = template
        for number, row in enumerate(rows, start=2):
            if not any((cell or "").strip() for cell in row):
                continue
            result.total += 1
            values = {key: (row[i] if i < len(row) else "") for i, key in mapping.items()}
            if kind == "organisations":
                instance, errors = organisation_cleaner.clean(values)
                instance.verification = Organisation.Verification.VERIFIED
                if instance.corporate_number and "corporate_number" not in errors:
                    if instance.corporate_number in seen_numbers:
                        first_sheet, first_row = seen_numbers[instance.corporate_number]
                        errors["corporate_number"] = [_("The same corporate number is also on %(sheet)s row %(row)s.")
                                                      % {"sheet": first_sheet, "row": first_row}]
                    seen_numbers[instance.corporate_number] = (sheet, number)
                organisations.append(instance)
                instance._row = (sheet, number)
            else:
                parent = values.pop("organisation_corporate_number", "").strip()
                instance, errors = system_cleaner.clean(values)
                if not parent:
                    errors["organisation_corporate_number"] = [_("This field cannot be blank.")]
                systems.append((instance, parent))
                instance._row = (sheet, number)
            for key, messages in errors.items():
                for message in messages:
                    result.errors.append(RowError(sheet, number, labels.get(key, key), message))
            if result.total % 1000 == 0:
                progress("checking", result.total, 0)

    # Checks against the database, one query per batch rather than per row.
    numbers = [o.corporate_number for o in organisations if o.corporate_number]
    taken = set()
    for start in range(0, len(numbers), 5000):
        taken |= set(Organisation.objects.filter(corporate_number__in=numbers[start:start + 5000])
                     .values_list("corporate_number", flat=True))
    for organisation in organisations:
        if organisation.corporate_number in taken:
            sheet, number = organisation._row
            result.errors.append(RowError(sheet, number, labels["corporate_number"],
                                          _("An organisation with this corporate number is already registered.")))
    parents = sorted({parent for _system, parent in systems if parent})
    known = {}
    for start in range(0, len(parents), 5000):
        known.update(Organisation.objects.filter(corporate_number__in=parents[start:start + 5000])
                     .values_list("corporate_number", "pk"))
    in_file = {o.corporate_number for o in organisations if o.corporate_number}
    for system, parent in systems:
        if parent and parent not in known and parent not in in_file:
            sheet, number = system._row
            result.errors.append(RowError(sheet, number, labels["organisation_corporate_number"],
                                          _("No organisation with this corporate number is registered or in the file.")))
    result.errors.sort(key=lambda e: (e.sheet, e.row))
    if result.errors or dry_run:
        progress("checked", result.total, result.total)
        return result

    total, done = len(organisations) + len(systems), 0
    with transaction.atomic():
        for start in range(0, len(organisations), BATCH):
            batch = organisations[start:start + BATCH]
            for organisation in batch:
                organisation.search_text = search_text(organisation.name_ja, organisation.name_en,
                                                       organisation.name_kana, organisation.corporate_number)
            insert(Organisation, batch)
            done += len(batch)
            progress("importing", done, total)
        if systems:
            known.update(Organisation.objects.filter(corporate_number__in=list(in_file)).values_list("corporate_number", "pk")
                         if in_file else [])
            for start in range(0, len(systems), BATCH):
                batch = []
                for system, parent in systems[start:start + BATCH]:
                    system.organisation_id = known[parent]
                    system.search_text = system.compute_search_text()
                    batch.append(system)
                insert(AISystem, batch)
                done += len(batch)
                progress("importing", done, total)
        result.organisations, result.systems = len(organisations), len(systems)
        bump_version()  # COPY and bulk_create send no signals
        record(by, "registry.imported", None, file=filename[:200], organisations=result.organisations,
               systems=result.systems)
    progress("done", total, total)
    return result


def insert(model, objects: list) -> None:
    """Insert new rows (no signals, like `bulk_create`, and the objects get no primary keys).

    On PostgreSQL through COPY: `bulk_create` spends most of its time preparing every value and quoting the
    parameter arrays of a 2,000-row INSERT in Python; COPY streams the rows and halves the import's time."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    prepared = [f for f in fields if isinstance(f, models.JSONField)]
    for obj in objects:
        for stamp in stamped:
            stamp.pre_save(obj, add=True)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            for field in prepared:
                setattr(obj, field.attname, field.get_db_prep_save(getattr(obj, field.attname), connection))
            copy.write_row([getattr(obj, name) for name in attnames])
            for field in prepared:  # the objects stay usable after the import
                setattr(obj, field.attname, getattr(obj, field.attname).obj)


# -- export --------------------------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Spreadsheet formula injection: a text cell starting with = + - @ tab or CR is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_rows(kind: str, queryset) -> Iterator[list]:
    columns = TEMPLATE[kind]
    if kind == "systems":
        queryset = queryset.select_related("organisation")
    for obj in queryset.iterator(chunk_size=2000):
        row = []
        for key, _en, _ja in columns:
            if key == "organisation_corporate_number":
                value = obj.organisation.corporate_number
            else:
                value = getattr(obj, key)
            row.append(("yes" if value else "no") if key in BOOLEAN_FIELDS else value)
        yield row


def header(kind: str, language: str) -> list[str]:
    return [ja if language == "ja" else en for _key, en, ja in TEMPLATE[kind]]


class _Echo:
    def write(self, value):
        return value


def export_csv(kind: str, queryset, language: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header(kind, language))  # the BOM lets Excel read UTF-8
    for row in export_rows(kind, queryset):
        yield writer.writerow([neutralise(v) for v in row])


def export_xlsx(kind: str, queryset, language: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    sheet.append(header(kind, language))
    for row in export_rows(kind, queryset):
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_json(kind: str, queryset) -> Iterator[str]:
    keys = [key for key, _en, _ja in TEMPLATE[kind]]
    yield "["
    for index, row in enumerate(export_rows(kind, queryset)):
        item = {key: (value == "yes" if key in BOOLEAN_FIELDS else value) for key, value in zip(keys, row)}
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"
