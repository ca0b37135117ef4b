"""The two catalogues: the same keys and placeholders in both, English that is English,
messages that follow the tab's language, dates and numbers per language."""

from __future__ import annotations

import pickle
import re
import string
from datetime import UTC, date, datetime

import pytest

from spontan_app.i18n import (
    LANGS,
    catalogue,
    format_date,
    format_datetime,
    format_long_date,
    format_money,
    format_number,
    localize,
    msg,
    normalize_lang,
    t,
)

# Words that only Indonesian uses; an English text containing one was left untranslated.
INDONESIAN_WORDS = {
    "dan", "yang", "atau", "untuk", "dengan", "tidak", "anda", "silakan", "wajib", "diisi", "berkas",
    "permohonan", "izin", "masuk", "daftar", "kembali", "simpan", "ubah", "batal", "kirim", "ulang",
    "halaman", "isian", "sesuai", "belum", "sudah", "sedang", "harus", "dari", "pada", "ini", "itu",
    "akun", "kode", "nomor", "lengkap", "pilih", "unggah", "dokumen", "ajukan", "lacak", "keluar",
    "beranda", "profil", "persyaratan", "hari", "kerja", "biaya", "gratis", "petugas", "pemohon",
}  # fmt: skip
# Names that stay as they are in English: the portal, the office, the izin's legal names.
KEEP = re.compile(r"SPONTAN|DPMPTSP|Balikpapan|Kota|NIK|NPWP|WITA|Rp|OTP|WhatsApp")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys():
    indonesian, english = set(catalogue("id")), set(catalogue("en"))
    assert sorted(indonesian - english) == [], "keys without an English text"
    assert sorted(english - indonesian) == [], "keys without an Indonesian text"
    assert len(indonesian) > 0


def test_each_text_has_the_same_placeholders_in_both_languages():
    english = catalogue("en")
    wrong = {k: v for k, v in catalogue("id").items() if placeholders(v) != placeholders(english[k])}
    assert wrong == {}


def test_no_english_text_is_left_in_indonesian():
    leftovers = {}
    for key, text in catalogue("en").items():
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", KEEP.sub("", text))}
        if words & INDONESIAN_WORDS:
            leftovers[key] = sorted(words & INDONESIAN_WORDS)
    assert leftovers == {}


def test_a_service_message_is_indonesian_until_a_state_shows_it_in_english():
    message = msg("common.retry")
    assert message == t("common.retry", "id") and message.startswith("Layanan sedang sibuk")
    assert localize(message, "en").startswith("The service is busy")
    shown = localize({"nik": message, "list": [message], "plain": "as is"}, "en")
    assert shown["nik"] == shown["list"][0] == t("common.retry", "en") and shown["plain"] == "as is"
    again = pickle.loads(pickle.dumps(message))  # state kept in Redis
    assert again.key == "common.retry" and localize(again, "en") == t("common.retry", "en")


def test_an_unknown_language_is_indonesian_and_an_unknown_key_is_a_bug():
    assert normalize_lang("EN") == "en" and normalize_lang("fr") == "id" and normalize_lang(None) == "id"
    assert t("common.retry", "fr") == t("common.retry", "id")
    with pytest.raises(KeyError):
        t("common.no_such_text", "en")


def test_dates_and_numbers_per_language():
    day = date(2026, 11, 30)
    assert format_date(day, "id") == "30-11-2026" and format_date(day, "en") == "30 Nov 2026"
    assert format_long_date(day, "id") == "30 November 2026" and format_long_date(day, "en") == "November 30, 2026"
    assert format_long_date(date(2026, 8, 17), "id") == "17 Agustus 2026"
    moment = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)  # 09:02:03 WITA
    assert format_datetime(moment, "id") == "30-11-2026 09:02:03"
    assert format_datetime(moment, "en") == "30 Nov 2026 09:02:03"
    assert format_number(1234567.5, "id", 1) == "1.234.567,5" and format_number(1234567.5, "en", 1) == "1,234,567.5"
    assert format_money(150000, "id") == "Rp 150.000" and format_money(150000, "en") == "Rp 150,000"
    assert format_money(0, "id") == "Rp 0 (Gratis)" and format_money(0, "en") == "Rp 0 (Free)"
    assert set(LANGS) == {"id", "en"}


def test_messages_joined_into_one_line_stay_localizable():
    from spontan_app.i18n import Joined

    joined = Joined([msg("common.retry"), msg("common.check_fields")])
    assert joined == t("common.retry", "id") + " " + t("common.check_fields", "id")
    assert localize(joined, "en") == t("common.retry", "en") + " " + t("common.check_fields", "en")
    assert localize(pickle.loads(pickle.dumps(joined)), "en") == localize(joined, "en")
