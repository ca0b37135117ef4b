import pytest
from hypothesis import given
from hypothesis import strategies as st

from spontan_app.domain.validation import (
    ValidationError,
    clean_text,
    fold_text,
    format_nik,
    normalize_nik,
    normalize_npwp,
    normalize_wa_number,
    validate_coordinates,
    validate_email,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=30)


def test_nik_accepts_16_digits_with_punctuation():
    assert normalize_nik("33.11.05.06.05.99.0002") == "3311050605990002"
    assert normalize_nik(" 6471011234560001 ") == "6471011234560001"


@pytest.mark.parametrize("bad", ["", "123", "64710112345600011", "6471A11234560001", "0071011234560001"])
def test_nik_rejects_wrong_shapes_with_indonesian_message(bad):
    with pytest.raises(ValidationError) as excinfo:
        normalize_nik(bad)
    assert "NIK" in excinfo.value.message


@given(digits)
def test_nik_is_valid_only_with_16_digits(value):
    try:
        result = normalize_nik(value)
    except ValidationError:
        assert len(value) != 16 or value[:2] == "00" or value[6:12] == "000000"
    else:
        assert result == value and len(result) == 16


@given(st.integers(min_value=10**14, max_value=10**16 - 1))
def test_npwp_accepts_15_or_16_digits_in_dotted_form(number):
    text = str(number)
    dotted = f"{text[:2]}.{text[2:5]}.{text[5:8]}.{text[8]}-{text[9:12]}.{text[12:]}"
    assert normalize_npwp(dotted) == text


@pytest.mark.parametrize("bad", ["1234", "01.234.567.8-901", "000000000000000", "12345678901234567"])
def test_npwp_rejects_wrong_lengths(bad):
    with pytest.raises(ValidationError):
        normalize_npwp(bad)


@pytest.mark.parametrize(
    "raw", ["081234567890", "6281234567890", "+6281234567890", "+62 812-3456-7890", "0812 3456 7890"]
)
def test_wa_number_forms_all_become_e164(raw):
    assert normalize_wa_number(raw) == "+6281234567890"


@given(st.from_regex(r"8[0-9]{8,11}", fullmatch=True), st.sampled_from(["0", "62", "+62"]))
def test_wa_number_normalisation_is_idempotent(national, prefix):
    e164 = normalize_wa_number(prefix + national)
    assert e164 == "+62" + national
    assert normalize_wa_number(e164) == e164


@pytest.mark.parametrize("bad", ["", "12345", "0212345678", "+1 555 0100 200", "08abc"])
def test_wa_number_rejects_non_indonesian_mobile(bad):
    with pytest.raises(ValidationError):
        normalize_wa_number(bad)


def test_email():
    assert validate_email(" Nama@Contoh.CO.id ") == "nama@contoh.co.id"
    with pytest.raises(ValidationError):
        validate_email("bukan-email")


def test_coordinates_inside_balikpapan_only():
    assert validate_coordinates("-1,2379", "116.8529") == (-1.2379, 116.8529)
    with pytest.raises(ValidationError):
        validate_coordinates(-6.2, 106.8)  # Jakarta
    with pytest.raises(ValidationError):
        validate_coordinates("utara", "116.8")


def test_fold_text_ignores_case_accents_and_punctuation():
    assert fold_text("Klinik  Anugerah MÉDIKA, Jl.Ahmad-Yani") == "klinik anugerah medika jl ahmad yani"


def test_format_nik_like_the_manual():
    assert format_nik("3311050605990002") == "33.11.05.06.05.99.0002"


# --------------------------------------------------------------------------- text hygiene


@pytest.mark.parametrize("bad", ["Ani\x00", "Ani\u202eBudi", "A\u200bni", "\ufeffAni", "Ani\x1b[31m"])
def test_control_bidi_and_invisible_characters_are_refused_with_the_field_named(bad):
    with pytest.raises(ValidationError) as caught:
        clean_text(bad, "Nama Lengkap")
    assert caught.value.message.startswith("Nama Lengkap berisi karakter yang tidak diizinkan")


def test_text_is_stored_in_nfc_and_trimmed():
    decomposed = "Jose\u0301 "  # e + combining acute
    assert clean_text(decomposed, "Nama") == "José"
    assert clean_text("baris satu\nbaris dua", "Alamat", multiline=True) == "baris satu\nbaris dua"
    assert clean_text("baris satu\nbaris dua", "Nama") == "baris satu baris dua"
