from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from honbu.assessments.evaluate import evaluate, parse

MAX_PROFILE_BYTES = 256 * 1024


class CheckForm(forms.Form):
    profile = forms.CharField(
        label=_("System profile (JSON or YAML)"), required=False, widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_("Paste a profile in the profile/v1 format, or upload a file below."),
    )
    profile_file = forms.FileField(label=_("Or upload a profile file"), required=False)
    as_of = forms.DateField(label=_("Assess as of"), widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("The rulebook applies the law in force on this date."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        upload = data.get("profile_file")
        if upload:
            if upload.size > MAX_PROFILE_BYTES:
                raise ValidationError({"profile_file": _("The file is larger than 256 KB.")})
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError({"profile_file": _("The file must be UTF-8 text (JSON or YAML).")})
        else:
            text = data.get("profile", "")
        if not text.strip():
            raise ValidationError({"profile": _("Paste a profile or upload a file.")})
        if len(text.encode()) > MAX_PROFILE_BYTES:
            raise ValidationError({"profile": _("The profile is larger than 256 KB.")})
        field = "profile_file" if upload else "profile"
        try:
            self.parsed = parse(text)
        except ValidationError as error:
            raise ValidationError({field: error.messages})
        if "as_of" not in data:
            return data
        try:
            self.result = evaluate(self.parsed, data["as_of"])
        except ValidationError as error:
            self.profile_errors = {k: v for k, v in error.message_dict.items() if k != "as_of"}
            if "as_of" in error.message_dict:
                self.add_error("as_of", error.message_dict["as_of"])
            if self.profile_errors:
                self.add_error(field, _("The profile has errors in %(count)s fields; they are listed below.")
                               % {"count": len(self.profile_errors)})
        return data
