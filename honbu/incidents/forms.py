"""Forms: the report form (public, signed-in, API and import all validate through it) and the triage/case forms."""

import hashlib
import uuid

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from honbu.core.models import Organisation, User
from honbu.registry.models import AISystem
from honbu.registry.search import matching

from .models import MAX_TEXT, MAX_URLS, Case, HarmKind, Measure, Report, Severity, Stakeholder

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024

# What the file's first bytes prove it is; the name's extension is ignored.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
    (b"%PDF-", "application/pdf", "pdf"),
]


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
        checked = []
        for upload in files:
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(_("“%(name)s” is larger than 5 MB.") % {"name": upload.name})
            upload.seek(0)
            kind = sniff(upload.read(16))
            if kind is None:
                raise forms.ValidationError(
                    _("“%(name)s” is not a PNG, JPEG, GIF or WebP image or a PDF document.") % {"name": upload.name})
            upload.seek(0)
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            upload.checked_type, upload.checked_ext, upload.sha256 = kind[0], kind[1], digest.hexdigest()
            checked.append(upload)
        return checked


class UrlListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        urls = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(urls) > MAX_URLS:
            raise forms.ValidationError(_("Give at most %(count)d links.") % {"count": MAX_URLS})
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(url)s” is not a web address (http or https).") % {"url": url[:100]})
        return urls


CHOICES_SHOWN = 50


MAX_PK = 2**63 - 1  # the largest key a database column holds; a larger typed value is nothing chosen


def _chosen_pks(selected) -> set[int]:
    """The primary keys already chosen in a select: one value or a list, as typed or as model instances."""
    pks = set()
    for value in selected if isinstance(selected, (list, tuple)) else [selected]:
        try:
            pk = int(getattr(value, "pk", value) or 0)
        except (TypeError, ValueError):
            continue
        if 0 < pk <= MAX_PK:  # `pk__in` has no overflow guard, unlike `pk=`: a huge number would be a 500
            pks.add(pk)
    return pks


class MatchingChoices:
    """A model choice field whose `<select>` lists only the rows matching a search, never the whole table.

    The registry holds a hundred thousand organisations and a million systems: `show_matching` puts up to
    CHOICES_SHOWN rows matching the typed search (and those already chosen) in the select, while validation
    still accepts any row of the field's queryset. Until `show_matching` is called the select lists nothing.
    htmx refreshes the select as the person types; without JavaScript a search button does.
    """

    related: tuple[str, ...] = ()
    no_match: str  # shown under the select when no row matches
    matched = 0

    @property
    def choices(self):
        return [("", self.empty_label)] if self.empty_label is not None else []

    @choices.setter
    def choices(self, value):
        self.widget.choices = value

    def show_matching(self, query: str, selected) -> None:
        rows = self.queryset.select_related(*self.related).order_by("-id")
        shown = list((matching(rows, query) if query.strip() else rows)[:CHOICES_SHOWN])
        self.matched = len(shown)
        missing = _chosen_pks(selected) - {row.pk for row in shown}
        if missing:
            shown = list(rows.filter(pk__in=missing)) + shown
        self.widget.choices = self.choices + [(row.pk, self.label_from_instance(row)) for row in shown]


class SystemChoiceField(MatchingChoices, forms.ModelChoiceField):
    """A registry system, chosen among the systems matching a search."""

    related = ("organisation",)
    no_match = _("No system in the registry matches this search.")

    def label_from_instance(self, system):
        return _("%(system)s (%(organisation)s)") % {"system": system.name, "organisation": system.organisation.name}


class OrganisationChoiceField(MatchingChoices, forms.ModelChoiceField):
    """An organisation of the registry, chosen among those whose names match a search."""

    no_match = _("No organisation in the registry matches this search.")


class OrganisationMultipleChoiceField(MatchingChoices, forms.ModelMultipleChoiceField):
    """Organisations of the registry: those already chosen stay listed whatever is typed, beside the matches."""

    no_match = OrganisationChoiceField.no_match


class ChoiceSearchField(forms.CharField):
    """The search box of a picker: what is typed re-lists the select of the field named `picks`.

    `legend` and `intro`, when given, head the picker as a fieldset (on the public form, where the search box and
    the free-text name above it are two ways to say the same thing)."""

    def __init__(self, *, picks: str, legend=None, intro=None, **kwargs):
        super().__init__(max_length=100, required=False, **kwargs)
        self.picks, self.legend, self.intro = picks, legend, intro


class SearchMixin:
    """A form with pickers (a `ChoiceSearchField` beside a `MatchingChoices` field); the view calls `show_choices()`
    before rendering it, bound or not. `picker_form` names the form for the htmx fragment that re-lists a picker."""

    picker_form = ""

    def show_choices(self, only: str | None = None) -> None:
        """Fill each picker's select (or only the one named `only`) with the rows matching its search box."""
        for name, field in self.fields.items():
            if isinstance(field, ChoiceSearchField) and only in (None, field.picks):
                self.fields[field.picks].show_matching(str(self[name].value() or "")[:100], self[field.picks].value())


def without_searches(form) -> dict:
    """The cleaned data without what was typed in search boxes: what the transitions take."""
    return {k: v for k, v in form.cleaned_data.items() if not isinstance(form.fields[k], ChoiceSearchField)}


def system_query_field(**kwargs):
    return ChoiceSearchField(picks="system", label=_("Search the registry"),
                             help_text=_("Type part of the name of the system or of its organisation."), **kwargs)


def organisation_query_field(picks: str, **kwargs):
    return ChoiceSearchField(picks=picks, label=_("Search for the organisation"),
                             help_text=_("Type part of the organisation's name, in Japanese or English."), **kwargs)


class ReportForm(SearchMixin, forms.Form):
    """What happened, when, where, which system or organisation, which harm, to whom, how serious, sources."""

    picker_form = "report"

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("One line, for example “Deepfake video of me used in an advertisement”."))
    description = forms.CharField(label=_("What happened"), max_length=MAX_TEXT, widget=forms.Textarea,
                                  help_text=_("Describe what the AI system did and how it harmed people."))
    occurred_on = forms.DateField(label=_("When it happened"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("The date, or your best estimate."))
    location = forms.CharField(label=_("Where it happened"), max_length=200, required=False,
                               help_text=_("A place, or the website or app where it happened."))
    system_name = forms.CharField(label=_("Which AI system"), max_length=200, required=False,
                                  help_text=_("The name of the service, app or product, if you know it."))
    organisation_name = forms.CharField(label=_("Which organisation"), max_length=200, required=False,
                                        help_text=_("The company or body that develops, provides or uses the system."))
    system_query = system_query_field(
        legend=_("The AI system in the public registry"),
        intro=_("If the system is listed in the public registry, search for it and choose it. "
                "Otherwise, type its name above."))
    system = SystemChoiceField(label=_("Or choose the AI system from the public registry"), required=False,
                               queryset=AISystem.objects.public(), empty_label=_("None chosen"))
    organisation_query = organisation_query_field(
        "organisation", legend=_("The organisation in the registry"),
        intro=_("If the organisation is in the registry, search for it and choose it. Otherwise, type its name above."))
    # Only verified organisations: the public form must not reveal who else is in the registry.
    organisation = OrganisationChoiceField(label=_("Or choose the organisation from the registry"), required=False,
                                           queryset=Organisation.objects.exclude(kind__in=["hq_secretariat", "ministry"])
                                           .filter(verification=Organisation.Verification.VERIFIED),
                                           empty_label=_("None chosen"))
    harms = forms.MultipleChoiceField(label=_("Kinds of harm"), choices=HarmKind.choices,
                                      widget=forms.CheckboxSelectMultiple, help_text=_("Choose all that apply."))
    severity = forms.ChoiceField(label=_("How serious is it"), choices=Severity.choices, widget=forms.RadioSelect)
    stakeholders = forms.MultipleChoiceField(label=_("Who was affected"), choices=Stakeholder.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    affected = forms.CharField(label=_("Who was affected, in your words"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    source_urls = UrlListField(label=_("Source links"), required=False,
                               help_text=_("News articles, posts or pages about it; one per line."))
    attachments = AttachmentsField(label=_("Attachments"), required=False,
                                   help_text=_("Up to 3 images (PNG, JPEG, GIF, WebP) or PDF files, 5 MB each. "
                                               "Only Headquarters staff can open them."))
    contact_email = forms.EmailField(label=_("Your email address (optional)"), required=False,
                                     help_text=_("Only to tell you when the status of your report changes."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean_title(self):
        return _required_text(self.cleaned_data["title"])

    def clean_description(self):
        return _required_text(self.cleaned_data["description"])

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def report_data(self) -> dict:
        """Cleaned data as the transition takes it (without the token and the files)."""
        return {k: v for k, v in without_searches(self).items() if k not in ("submission_key", "attachments")}


def _required_text(value: str) -> str:
    if not value.strip():
        raise forms.ValidationError(_("This field is required."))
    return value.strip()


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40,
                           help_text=_("The code you received when you sent the report, for example 7K3M-Q9TX-2B4R."))


class TriageFilterForm(forms.Form):
    SORTS = [("-created_at", _("Newest first")), ("created_at", _("Oldest first")),
             ("severity", _("Most serious first"))]
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Waiting for triage"))] + [(s, l) for s, l in Report.Status.choices
                                                                        if s != "new"] + [("all", _("All"))])
    harm = forms.ChoiceField(label=_("Kind of harm"), required=False, choices=[("", _("Any"))] + HarmKind.choices)
    severity = forms.ChoiceField(label=_("Severity"), required=False, choices=[("", _("Any"))] + Severity.choices)
    sector = forms.CharField(label=_("Sector (JSIC division)"), required=False, max_length=2)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any"))] + Report.Language.choices)
    older_than = forms.IntegerField(label=_("Waiting at least (days)"), required=False, min_value=0, max_value=3650)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)


class MergeForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Existing case"), required=False, queryset=Case.objects.all(),
                                  help_text=_("Leave empty to open a new case."))
    title = forms.CharField(label=_("Title of the new case"), max_length=200, required=False)
    reports = forms.ModelMultipleChoiceField(queryset=Report.objects.all(), required=False,
                                             widget=forms.MultipleHiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class ReferForm(forms.Form):
    ministry = forms.ModelChoiceField(label=_("Ministry in charge"),
                                      queryset=Organisation.objects.filter(kind=Organisation.Kind.MINISTRY))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assignee"), required=False, queryset=User.objects.filter(
        memberships__role__in=["hq_manager", "hq_analyst", "ministry_liaison"], is_active=True))
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class AnalysisForm(SearchMixin, forms.Form):
    picker_form = "analysis"
    title = forms.CharField(label=_("Title"), max_length=200)
    rights_affected = forms.CharField(label=_("Rights and interests infringed"), max_length=200, required=False)
    cause = forms.CharField(label=_("Cause"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    system_description = forms.CharField(label=_("AI system involved"), max_length=200, required=False)
    organisations_query = organisation_query_field("organisations")
    organisations = OrganisationMultipleChoiceField(label=_("Organisations involved"), required=False,
                                                    queryset=Organisation.objects.all())
    harms = forms.MultipleChoiceField(label=_("Kinds of harm"), choices=HarmKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—")] + Severity.choices, required=False)
    summary_ja = forms.CharField(label=_("Anonymised public summary (Japanese)"), max_length=MAX_TEXT, required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    summary_en = forms.CharField(label=_("Anonymised public summary (English)"), max_length=MAX_TEXT, required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))


class MeasureForm(SearchMixin, forms.Form):
    picker_form = "measure"
    organisation_query = organisation_query_field("organisation")
    organisation = OrganisationChoiceField(label=_("Addressed to"), queryset=Organisation.objects.exclude(
        kind__in=["hq_secretariat", "ministry"]), empty_label=_("Choose an organisation"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Measure.Kind.choices)
    text = forms.CharField(label=_("Text of the measure"), max_length=MAX_TEXT, widget=forms.Textarea)
    due_on = forms.DateField(label=_("Answer due"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(forms.Form):
    ANSWERS = [("accept", _("Accept, with an action plan")), ("complete", _("Report completion")),
               ("dispute", _("Dispute, with reasons"))]
    answer = forms.ChoiceField(label=_("Your answer"), choices=ANSWERS, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Action plan, completion report or reasons"), max_length=MAX_TEXT,
                           widget=forms.Textarea)


class NamePublicationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation to name"), queryset=Organisation.objects.none())
    rationale = forms.CharField(label=_("Rationale"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("Why naming is necessary. The organisation is notified before publication."))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = case.organisations.exclude(kind__in=["hq_secretariat", "ministry"])


class ReportSystemForm(SearchMixin, forms.Form):
    """Staff link a report to any registry system (or remove the link)."""

    picker_form = "report-link"

    system_query = system_query_field()
    system = SystemChoiceField(label=_("AI system in the registry"), required=False, queryset=AISystem.objects.all(),
                               empty_label=_("No system linked"))


class CaseSystemForm(SearchMixin, forms.Form):
    """Staff add a registry system to a case."""

    picker_form = "case-link"

    system_query = system_query_field()
    system = SystemChoiceField(label=_("AI system to add"), queryset=AISystem.objects.all(),
                               empty_label=_("Choose a system"))
