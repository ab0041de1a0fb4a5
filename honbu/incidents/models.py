"""AI harm reports, Art. 16 cases (事案), the measures they lead to (指導・助言・情報の提供) and publication.

Field names follow the OECD common reporting framework for AI incidents where one exists; `oecd.py`
documents the mapping and `Report.to_oecd()` exports onto it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from honbu.core.gates import scoped_to_user
from honbu.core.models import Organisation, pick

MAX_TEXT = 10_000
MAX_URLS = 10


class HarmKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical harm or injury")
    PSYCHOLOGICAL = "psychological", _("Psychological harm")
    FINANCIAL = "financial", _("Financial or property loss")
    DISCRIMINATION = "discrimination", _("Discrimination or unfair treatment")
    PRIVACY = "privacy", _("Privacy or personal data")
    COPYRIGHT = "copyright", _("Copyright or other intellectual property")
    DISINFORMATION = "disinformation", _("Disinformation or misinformation")
    DEEPFAKE = "deepfake", _("Deepfake or misuse of likeness")
    FRAUD = "fraud", _("Fraud or scam")
    OTHER = "other", pgettext_lazy("harm kind", "Other")


class Severity(models.TextChoices):
    """OECD: hazard (could plausibly lead to harm), incident (harm), serious incident."""

    HAZARD = "hazard", _("No harm yet, but harm could plausibly follow")
    MINOR = "minor", _("Harm that was limited or quickly remedied")
    SIGNIFICANT = "significant", _("Significant harm to one or more people")
    SERIOUS = "serious", _("Serious harm: injury, death, large-scale rights violation or critical services")


class Stakeholder(models.TextChoices):
    CONSUMERS = "consumers", _("Consumers or users of a service")
    WORKERS = "workers", _("Workers or job applicants")
    CHILDREN = "children", _("Children")
    PUBLIC = "general_public", _("The general public")
    BUSINESSES = "businesses", _("Businesses")
    GOVERNMENT = "government", _("Government or public services")
    OTHER = "other", pgettext_lazy("affected stakeholders", "Other")


def encode_codes(values) -> str:
    """Several choice codes in one column, delimited so that `__contains=",code,"` filters on any database."""
    return "," + ",".join(sorted(set(values))) + "," if values else ""


def decode_codes(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]


RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O or U to misread
RECEIPT_LENGTH = 12  # 60 random bits


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalise_receipt_code(typed: str) -> str:
    """What a person typed, as stored: case, spaces and dashes ignored, look-alike letters mapped."""
    code = "".join(typed.split()).replace("-", "").upper()
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class PublicStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting for review")
    UNDER_ANALYSIS = "under_analysis", _("Under analysis by the AI Strategy Headquarters")
    FINISHED = "finished", _("Analysis finished")
    OUT_OF_SCOPE = "out_of_scope", _("Closed: outside the scope of Article 16")
    REFERRED = "referred", _("Referred to the ministry in charge")


class ReportQuerySet(models.QuerySet):
    def with_harm(self, harm: str):
        return self.filter(harms__contains=f",{harm},")

    def untriaged(self):
        return self.filter(status=Report.Status.NEW)

    def visible_to(self, user):
        return scoped_to_user(self, user, organisation_field="submitter_organisation")


class Report(models.Model):
    """One report of AI harm, from the public, an organisation, the API or a bulk import."""

    class Channel(models.TextChoices):
        PUBLIC = "public", _("Public form")
        ACCOUNT = "account", _("Signed-in form")
        API = "api", _("API")
        IMPORT = "import", _("Bulk import")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_CASE = "in_case", _("Part of a case")
        OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
        REFERRED = "referred", _("Referred to a ministry")

    class Language(models.TextChoices):
        JA = "ja", _("Japanese")
        EN = "en", _("English")

    receipt_code = models.CharField(max_length=RECEIPT_LENGTH, unique=True, default=new_receipt_code, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="incident_reports")
    submitter_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                               related_name="submitted_incident_reports")
    contact_email = models.EmailField(_("contact email"), blank=True)

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"), max_length=MAX_TEXT)
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    location = models.CharField(_("where it happened"), max_length=200, blank=True)
    country = models.CharField(_("country (ISO code)"), max_length=2, default="JP", blank=True)
    system_name = models.CharField(_("AI system"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation involved"), max_length=200, blank=True)
    system = models.ForeignKey("registry.AISystem", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="incident_reports", verbose_name=_("AI system in the registry"))
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="incident_reports", verbose_name=_("organisation in the registry"))
    harms = models.CharField(_("kinds of harm"), max_length=200)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    stakeholders = models.CharField(_("who was affected"), max_length=200, blank=True)
    affected = models.TextField(_("who was affected, in your words"), max_length=2000, blank=True)
    source_urls = models.TextField(_("source links"), blank=True)
    sector = models.CharField(_("sector (JSIC division)"), max_length=2, blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="claimed_incident_reports")
    claimed_at = models.DateTimeField(null=True, blank=True)
    out_of_scope_reason = models.TextField(_("reason"), blank=True)
    referred_to = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("ministry in charge"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"R{self.pk} {self.title[:60]}"

    @property
    def harm_list(self) -> list[str]:
        return decode_codes(self.harms)

    @property
    def harm_labels(self) -> list[str]:
        return [HarmKind(code).label for code in self.harm_list if code in HarmKind.values]

    @property
    def stakeholder_list(self) -> list[str]:
        return decode_codes(self.stakeholders)

    @property
    def url_list(self) -> list[str]:
        return [line for line in self.source_urls.splitlines() if line.strip()]

    @property
    def receipt_display(self) -> str:
        code = self.receipt_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def public_status_label(self) -> str:
        return PublicStatus(self.public_status()).label

    def public_status(self) -> str:
        """Where the report stands, as the submitter sees it (never internal notes)."""
        if self.status == self.Status.OUT_OF_SCOPE:
            return PublicStatus.OUT_OF_SCOPE
        if self.status == self.Status.REFERRED:
            return PublicStatus.REFERRED
        if self.status == self.Status.IN_CASE:
            states = {case.state for case in self.cases.all()}
            if states and states <= {Case.State.CLOSED}:
                return PublicStatus.FINISHED
            return PublicStatus.UNDER_ANALYSIS
        return PublicStatus.RECEIVED


class ReportFeatures(models.Model):
    """The similarity engine's features of one report, computed once at intake (see `similar.py`).

    `data` is `Features.to_dict()` without the character n-grams, which are packed in `grams` (6 bytes
    each instead of ~20 as JSON); `length` is the report's word count for BM25, `url_key` a digest of its
    normalised source URL so that reports citing the same page are found by an index.
    """

    report = models.OneToOneField(Report, primary_key=True, on_delete=models.CASCADE, related_name="features")
    data = models.JSONField()
    grams = models.BinaryField(default=b"")
    length = models.PositiveIntegerField(default=0)
    url_key = models.CharField(max_length=40, blank=True)

    class Meta:
        # Not db_index=True: on PostgreSQL that adds a second, pattern-matching index no query uses.
        indexes = [models.Index(fields=["url_key"], name="incidents_features_url_key")]


class SimilarityTerm(models.Model):
    """A word or name of the similarity engine (names as "@name") and in how many reports it occurs."""

    id = models.AutoField(primary_key=True)  # 4 bytes in each of the ~40 postings per report
    term = models.CharField(max_length=100, unique=True)
    df = models.PositiveIntegerField(default=0)


class SimilarityPosting(models.Model):
    """Term → report: the inverted index the candidate query reads, with what BM25 needs of the report.

    The primary key (term, report) is the index the query scans. No foreign key constraints: reports are
    never deleted by the app, the candidate query joins `ReportFeatures` anyway, and a bulk load stays fast.
    """

    pk = models.CompositePrimaryKey("term_id", "report_id")
    term = models.ForeignKey(SimilarityTerm, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    report = models.ForeignKey(Report, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                               related_name="+")
    count = models.PositiveSmallIntegerField()
    length = models.PositiveSmallIntegerField()  # the report's word count, capped: BM25 length normalisation


class SimilaritySnapshot(models.Model):
    """Collection-wide counts too big to fetch per query: reports, words, n-gram document frequencies.

    Each server process keeps these in memory (16 MB, whatever the number of reports), starting from the
    latest snapshot and adding the reports stored after `through`.
    """

    through = models.BigIntegerField()  # the highest report id counted
    statistics = models.BinaryField()  # Statistics.save(), its term dictionary empty (terms live in SimilarityTerm)
    created_at = models.DateTimeField(auto_now=True)


def attachment_path(instance, filename: str) -> str:
    # Never the submitted name: random, with the extension the content proved.
    return f"incidents/attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{instance.extension}"


class Attachment(models.Model):
    """An image or PDF sent with a report. Stored outside static files; only HQ staff and liaisons download it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=64)
    extension = models.CharField(max_length=8)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name or self.file.name


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        return self if user.sees_everything else self.none()


class Case(models.Model):
    """An Art. 16 case (事案): the analysis of one infringement, gathering one or many reports."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_ANALYSIS = "under_analysis", _("Under analysis")
        MEASURES_DECIDED = "measures_decided", _("Measures decided")
        CLOSED = "closed", _("Closed")

    EDGES = {
        State.RECEIVED: {State.UNDER_ANALYSIS},
        State.UNDER_ANALYSIS: {State.MEASURES_DECIDED, State.CLOSED},
        State.MEASURES_DECIDED: {State.CLOSED},
        State.CLOSED: {State.UNDER_ANALYSIS},
    }

    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    reports = models.ManyToManyField(Report, through="CaseReport", related_name="cases")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="incident_cases", verbose_name=_("assignee"))
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="incident_cases",
                                           verbose_name=_("organisations involved"))
    systems = models.ManyToManyField("registry.AISystem", blank=True, related_name="incident_cases",
                                     verbose_name=_("AI systems involved"))
    rights_affected = models.CharField(_("rights and interests infringed"), max_length=200, blank=True)
    cause = models.TextField(_("cause"), blank=True, max_length=MAX_TEXT)
    system_description = models.CharField(_("AI system involved"), max_length=200, blank=True)
    harms = models.CharField(_("kinds of harm"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, blank=True)
    summary_ja = models.TextField(_("anonymised public summary (Japanese)"), blank=True, max_length=MAX_TEXT)
    summary_en = models.TextField(_("anonymised public summary (English)"), blank=True, max_length=MAX_TEXT)
    publication_rationale = models.TextField(_("why publish"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title[:60]}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"

    @property
    def summary(self) -> str:
        return pick(self, "summary")

    @property
    def harm_list(self) -> list[str]:
        return decode_codes(self.harms)

    @property
    def harm_labels(self) -> list[str]:
        return [HarmKind(code).label for code in self.harm_list if code in HarmKind.values]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def can_move_to(self, state: str) -> bool:
        return state in self.EDGES.get(self.state, set())


class CaseReport(models.Model):
    """A report in a case: many-to-many, so one report can belong to several cases."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "report"], name="unique_case_report")]


class CaseNote(models.Model):
    """An internal note on a case; never shown outside the HQ and liaisons."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=MAX_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class MeasureQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def open(self):
        return self.filter(state__in=[Measure.State.ISSUED, Measure.State.ACCEPTED])

    def visible_to(self, user):
        return scoped_to_user(self, user, organisation_field="organisation")


class Measure(models.Model):
    """An Art. 16 measure addressed to an organisation: guidance (指導), advice (助言) or information (情報の提供)."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance (指導)")
        ADVICE = "advice", _("Advice (助言)")
        INFORMATION = "information", _("Information provision (情報の提供)")

    class State(models.TextChoices):
        ISSUED = "issued", _("Issued, awaiting an answer")
        ACCEPTED = "accepted", _("Accepted with an action plan")
        COMPLETED = "completed", _("Completion reported")
        DISPUTED = "disputed", _("Disputed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="incident_measures",
                                     verbose_name=_("addressed to"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text of the measure"), max_length=MAX_TEXT)
    due_on = models.DateField(_("answer due"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ISSUED)
    action_plan = models.TextField(_("action plan"), blank=True, max_length=MAX_TEXT)
    completion_report = models.TextField(_("completion report"), blank=True, max_length=MAX_TEXT)
    dispute_reasons = models.TextField(_("reasons for disputing"), blank=True, max_length=MAX_TEXT)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "pk"]

    EDGES = {
        State.ISSUED: {State.ACCEPTED, State.DISPUTED},
        State.ACCEPTED: {State.COMPLETED},
        State.COMPLETED: set(),
        State.DISPUTED: set(),
    }

    def __str__(self) -> str:
        return f"M{self.pk} {self.get_kind_display()} → {self.organisation}"

    def can_move_to(self, state: str) -> bool:
        return state in self.EDGES.get(self.state, set())

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.ISSUED and self.due_on < timezone.localdate()


class NamePublication(models.Model):
    """Publishing a business's name with a case (公表): a manager's approval and rationale, the business told first."""

    class State(models.TextChoices):
        APPROVED = "approved", _("Approved; the organisation has been notified")
        PUBLISHED = "published", _("Name published")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="name_publications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.APPROVED)
    rationale = models.TextField(_("rationale"), max_length=MAX_TEXT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="one_name_publication_per_org")]


class StatusUpdate(models.Model):
    """A change the submitter can see on the receipt page (and is emailed about)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="status_updates")
    status = models.CharField(max_length=16, choices=PublicStatus.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
