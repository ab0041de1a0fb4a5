"""Validators for Japanese identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def corporate_number_check_digit(base12: str) -> int:
    """Check digit of a 法人番号 (National Tax Agency rules): 9 − (Σ Pn·Qn mod 9), n counted from the right,
    Qn = 1 for odd n and 2 for even n."""
    total = sum(int(digit) * (2 if n % 2 == 0 else 1) for n, digit in enumerate(reversed(base12), start=1))
    return 9 - (total % 9)


def validate_corporate_number(value: str) -> None:
    if len(value) != 13 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A corporate number has exactly 13 digits."), code="length")
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(_("This corporate number's check digit is wrong. Please check the number."), code="check_digit")
