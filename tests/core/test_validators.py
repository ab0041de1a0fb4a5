import pytest
from django.core.exceptions import ValidationError

from honbu.core.validators import validate_corporate_number


@pytest.mark.parametrize("number", ["2000012010019", "4000012090001", "1180301018771", "5010401067252"])
def test_corporate_number_accepts_real_numbers(number):
    # Cabinet Office, METI, Toyota Motor, Sony Group: as published on the NTA corporate number site.
    validate_corporate_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [("2000012010018", "check_digit"), ("3000012010019", "check_digit"), ("200001201001", "length"), ("20000120100190", "length"), ("２００００１２０１００１９", "length")],
)
def test_corporate_number_rejects_bad_numbers(number, code):
    with pytest.raises(ValidationError) as error:
        validate_corporate_number(number)
    assert error.value.code == code
