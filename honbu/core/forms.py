from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from honbu.core.models import AuditEvent, Membership
from honbu.core.transitions import allowed_roles


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language of their emails"), choices=settings.LANGUAGES, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        roles = allowed_roles(organisation)
        self.fields["role"].choices = [(value, label) for value, label in Membership.Role.choices if value in roles]
        self.fields["language"].initial = self.current_language()

    @staticmethod
    def current_language() -> str:
        return (translation.get_language() or settings.LANGUAGE_CODE)[:2]

    def clean_language(self):
        return self.cleaned_data["language"] or self.current_language()


class PreferencesForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language of your emails"), choices=settings.LANGUAGES,
        help_text=_("Password resets and other messages from honbu are written in this language."),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The reset email is written in the recipient's language, not in the language of whoever asked for it."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = context["user"].preferred_language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100,
        help_text=_("Say where the token is used, for example “nightly export script”."),
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    actor = forms.CharField(label=_("Actor (user name)"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
        self.fields["object_type"].choices = [("", _("All"))] + [(t, t) for t in sorted(filter(None, types))]

    def filter(self, events):
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action__icontains=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("actor"):
            events = events.filter(actor_label__icontains=data["actor"])
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events
