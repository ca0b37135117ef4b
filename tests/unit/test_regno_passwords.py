import pytest
from hypothesis import given
from hypothesis import strategies as st

from spontan_app.domain.passwords import hash_password, validate_new_password, verify_password
from spontan_app.domain.regno import format_registration_number, parse_registration_number
from spontan_app.domain.validation import ValidationError


def test_registration_number_format_of_the_contract():
    assert format_registration_number(1, "SIPD-B", 9, 2023) == "1/SIPD-B/09/2023"


@given(
    st.integers(min_value=1, max_value=99999),
    st.from_regex(r"[A-Z]{2,6}-[BPUC]", fullmatch=True),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=2000, max_value=2099),
)
def test_registration_number_round_trip(seq, code, month, year):
    text = format_registration_number(seq, code, month, year)
    parsed = parse_registration_number(" " + text.lower() + " ")
    assert parsed is not None and str(parsed) == text


@pytest.mark.parametrize("bad", ["", "1/SIPD-B/13/2023", "0/SIPD-B/09/2023", "SIPD-B/09/2023", "1-SIPD-09-2023"])
def test_registration_number_parse_rejects_garbage(bad):
    assert parse_registration_number(bad) is None


def test_password_rules():
    assert validate_new_password("rahasia123", "rahasia123") == "rahasia123"
    with pytest.raises(ValidationError, match="minimal 8"):
        validate_new_password("pendek")
    with pytest.raises(ValidationError, match="72 byte"):
        validate_new_password("é" * 37)  # 74 bytes, only 37 characters
    with pytest.raises(ValidationError, match="tidak sama"):
        validate_new_password("rahasia123", "rahasia124")


def test_password_hash_is_bcrypt_and_verifies():
    hashed = hash_password("rahasia123", rounds=4)
    assert hashed.startswith("$2b$04$") and "rahasia123" not in hashed
    assert verify_password("rahasia123", hashed)
    assert not verify_password("rahasia124", hashed)
    assert not verify_password("rahasia123", None)  # unknown user: same work, False
    assert not verify_password("x" * 100, hashed)
