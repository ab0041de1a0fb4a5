"""Optional TOTP two-factor authentication (二要素認証) for HQ staff, on django-otp's TOTP devices.

A person enrols by creating an unconfirmed device, adding its secret to an authenticator app and typing one code
back; from then on, login asks for a code after the password. Wrong codes are throttled by django-otp (the wait
doubles after each failure). Codes are checked outside any transaction so a failure is counted even when the
caller then reports an error.
"""

import math
from base64 import b32encode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from honbu.core.audit import record
from honbu.core.models import User

DEVICE_NAME = "authenticator app"


def can_use_two_factor(user: User) -> bool:
    return user.is_hq


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def check_code(device: TOTPDevice, code: str) -> None:
    """Raises ValidationError({"code": ...}) when the code is wrong or the device is throttled."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"code": throttled_message(info)})
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationError({"code": _("This code is not correct. Check the time on your device and enter the "
                                         "6-digit code your authenticator app shows now.")})


def throttled_message(info: dict | None) -> str:
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return _("Too many wrong codes. Wait a moment and try again.")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext("Too many wrong codes. Try again in %(seconds)d second.",
                    "Too many wrong codes. Try again in %(seconds)d seconds.", seconds) % {"seconds": seconds}


@transaction.atomic
def start_enrolment(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed device with a new secret; an earlier unfinished enrolment is discarded."""
    if not can_use_two_factor(user):
        raise PermissionDenied
    if confirmed_device(user) is not None:
        raise ValidationError(_("Two-factor authentication is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    record(user, "otp_device.enrolment_started", device)
    return device


def confirm_device(*, device: TOTPDevice, code: str) -> TOTPDevice:
    check_code(device, code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(device.user, "otp_device.confirmed", device, changes={"confirmed": [False, True]})
    return device


def remove_device(*, device: TOTPDevice, code: str) -> None:
    """Turning two-factor off needs a current code, so a stolen session alone cannot do it."""
    check_code(device, code)
    with transaction.atomic():
        record(device.user, "otp_device.removed", device)
        device.delete()


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret, grouped in fours for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (qrcode is pure Python and needs no imaging library for SVG)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8, border=4)
    return image.to_string(encoding="unicode")


@transaction.atomic
def reset_devices(*, user: User, reason: str) -> int:
    """An operator's recovery for someone who lost their device (`honbu twofactor reset`); audited with the reason."""
    devices = list(TOTPDevice.objects.filter(user=user))
    for device in devices:
        record("honbu twofactor reset", "otp_device.reset", device, user=user.username, reason=reason)
        device.delete()
    return len(devices)
