from django import forms
from django.utils.translation import gettext_lazy as _

from honbu.core.models import AuditEvent, Membership
from honbu.core.transitions import allowed_roles


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        roles = allowed_roles(organisation)
        self.fields["role"].choices = [(value, label) for value, label in Membership.Role.choices if value in roles]


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
