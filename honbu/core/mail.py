"""Emails about accounts. Rendered in the recipient's language, as plain text (nothing a user typed is markup)."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def send_invitation(user, organisation, request=None) -> None:
    """The invitation carries a password-reset link, so the new member chooses their own password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    link = request.build_absolute_uri(path) if request else f"http://localhost{path}"
    context = {"user": user, "organisation": organisation, "link": link}
    with translation.override(user.preferred_language or translation.get_language()):
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
