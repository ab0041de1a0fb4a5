from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.contrib.auth.password_validation import validate_password
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from honbu.core.models import Organisation
from honbu.registry.choices import JSIC_DIVISIONS, MARKETS, METI_ROLES, PREFECTURES
from honbu.registry.models import AISystem

ORGANISATION_FORM_FIELDS = [
    "name_ja", "name_en", "name_kana", "corporate_number", "legal_form", "sector", "is_sme", "prefecture", "website",
    "contact_email", "contact_phone", "act_status", "is_ai_developer", "is_ai_provider", "is_ai_business_user",
    "established_in_eu", "has_eu_authorised_representative",
]


class OrganisationForm(forms.ModelForm):
    sector = forms.ChoiceField(label=_("Sector (JSIC division)"), choices=[("", "—"), *JSIC_DIVISIONS], required=False)
    prefecture = forms.ChoiceField(label=_("Prefecture"), choices=[("", "—"), *PREFECTURES], required=False)

    class Meta:
        model = Organisation
        fields = ["kind", *ORGANISATION_FORM_FIELDS]

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(v, label) for v, label in Organisation.Kind.choices if v in kinds]

    def _post_clean(self):
        """Model validation without the database constraint: the transition checks that the corporate number is
        free and reports it on the field, which the constraint's message could not do."""
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.instance.full_clean(exclude=self._get_validation_exclusions(), validate_unique=False,
                                     validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)


class RegistrationForm(OrganisationForm):
    admin_name = forms.CharField(label=_("Your name"), max_length=150)
    admin_email = forms.EmailField(label=_("Your email address"), help_text=_("You sign in with this address."))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            try:
                validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("verify", _("Verify")), ("reject", _("Turn down"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (required when turning down)"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Please give the reason, so the organisation knows what to correct."))
        return data


class GeneralPurposeModelsField(forms.CharField):
    """One model per line: `name | provider`; a provider of 「自社」 or "own" marks the organisation's own model."""

    OWN = {"own", "自社", "ours"}

    def __init__(self, **kwargs):
        super().__init__(widget=forms.Textarea(attrs={"rows": 3}), required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{m['name']} | {'own' if m['own'] else m['provider']}" for m in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        models = []
        for number, line in enumerate(filter(None, (line.strip() for line in value.splitlines())), start=1):
            name, _bar, provider = (part.strip() for part in line.partition("|"))
            if not name or not provider:
                raise forms.ValidationError(
                    _("Line %(number)s: write the model name, a vertical bar and the provider, e.g. “GPT-4o | OpenAI”."),
                    params={"number": number}, code="format")
            own = provider.lower() in self.OWN
            models.append({"name": name, "provider": "" if own else provider, "own": own})
        return models


class SystemForm(forms.ModelForm):
    general_purpose_models = GeneralPurposeModelsField(
        label=_("Underlying general-purpose models"),
        help_text=_("One per line: the model name, a vertical bar and the provider; write “own” for your own model."),
    )

    class Meta:
        model = AISystem
        fields = ["name_ja", "name_en", "description_ja", "description_en", "intended_purpose", "lifecycle",
                  "is_developer", "is_provider", "is_business_user", "market_jp", "market_eu", "market_other",
                  "general_purpose_models", "is_public"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in ("description_ja", "description_en", "intended_purpose")}


class PlainTextInput(forms.TextInput):
    """A text input rendered in Python rather than through the widget templates (see `PlainSelect`)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "type": self.input_type, "name": name,
                                                    **({"value": value} if value is not None else {})})
        return format_html("<input{}>", flatatt(final_attrs))


class PlainSelect(forms.Select):
    """A flat <select> rendered in Python. The search forms sit on every list page with ~40 options; rendering
    each option through Django's widget templates cost more than the page's database work."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (key, " selected" if str(key) in selected else "", label) for key, label in self.choices))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=PlainTextInput)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("All"))] + JSIC_DIVISIONS, required=False,
                               widget=PlainSelect)
    role = forms.ChoiceField(label=_("METI role"), choices=[("", _("All"))] + METI_ROLES, required=False,
                             widget=PlainSelect)
    act_status = forms.ChoiceField(label=_("Status under the Act"), widget=PlainSelect,
                                   choices=[("", _("All"))] + list(Organisation.ActStatus.choices), required=False)


class SystemSearchForm(SearchForm):
    market = forms.ChoiceField(label=_("Market"), choices=[("", _("All"))] + MARKETS, required=False, widget=PlainSelect)
    lifecycle = forms.ChoiceField(label=_("Lifecycle status"), widget=PlainSelect,
                                  choices=[("", _("All"))] + list(AISystem.Lifecycle.choices), required=False)
