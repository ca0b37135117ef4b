"""Captcha challenges and images; profile photos; private file storage."""

from __future__ import annotations

import io
import os
import struct
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from spontan_app.domain.models import utcnow
from spontan_app.integrations import captcha, storage
from spontan_app.services.errors import FieldErrors
from spontan_app.services.photos import MAX_PHOTO_BYTES, SIZE, process_photo
from spontan_app.settings import get_settings

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def image_bytes(fmt: str, size=(640, 480), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- captcha


def test_answer_is_case_insensitive_and_trimmed():
    challenge = captcha.new_challenge("AB7KQ")
    assert challenge.matches("ab7kq")
    assert challenge.matches("  Ab7Kq\n")
    assert not challenge.matches("AB7K")
    assert not challenge.matches("AB7KQQ")
    assert not challenge.matches("")
    assert not challenge.matches(None)


def test_challenge_expires():
    challenge = captcha.new_challenge("AB7KQ")
    assert challenge.matches("AB7KQ", now=challenge.expires_at - timedelta(seconds=1))
    assert not challenge.matches("AB7KQ", now=challenge.expires_at + timedelta(seconds=1))
    left = challenge.expires_at - utcnow()
    assert timedelta(minutes=1) < left <= timedelta(minutes=10)


def test_fixed_text_is_used_when_configured():
    assert captcha.new_challenge("TEST42").answer == "TEST42"
    assert get_settings().captcha_fixed == "TEST42"  # set by tests/conftest.py


def test_random_answers_use_the_unambiguous_alphabet():
    answers = {captcha.new_challenge().answer for _ in range(30)}
    assert len(answers) > 25
    for answer in answers:
        assert len(answer) == captcha.LENGTH
        assert set(answer) <= set(captcha.ALPHABET)
        assert not set(answer) & set("0O1I")


def test_render_png_gives_a_png_of_the_requested_size():
    data = captcha.render_png("TEST42")
    assert data.startswith(PNG_MAGIC)
    assert png_size(data) == (180, 56)
    assert png_size(captcha.render_png("AB7KQ", width=240, height=80)) == (240, 80)
    with Image.open(io.BytesIO(data)) as image:
        image.verify()


def test_the_image_is_a_small_greyscale_png_of_dark_glyphs_on_a_light_ground():
    """It travels in the page's state with every new challenge: one grey channel, a few KB."""
    sizes = []
    for _ in range(5):
        data = captcha.render_png(captcha.new_challenge().answer)
        sizes.append(len(data))
        with Image.open(io.BytesIO(data)) as image:
            assert image.mode == "L"
            histogram = image.histogram()
        ground = max(range(256), key=histogram.__getitem__)
        darkest = min(v for v in range(256) if histogram[v])
        assert ground >= 220 and darkest <= 90  # readable contrast between ink and ground
    assert max(sizes) < 6_000


def test_the_answer_is_not_in_the_image_bytes():
    data = captcha.render_png("QWERT")
    assert b"QWERT" not in data
    uri = captcha.data_uri("QWERT")
    assert uri.startswith("data:image/png;base64,")
    assert "QWERT" not in uri.removeprefix("data:image/png;base64,")


# --------------------------------------------------------------------------- photos


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_jpeg_and_png_become_a_256_square_jpeg(fmt):
    out = process_photo(image_bytes(fmt))
    assert out.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(out)) as image:
        assert image.format == "JPEG"
        assert image.size == (SIZE, SIZE) == (256, 256)
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((128, 128))
        assert red > 150 and green < 80 and blue < 80  # it is still the same picture


def test_transparent_png_is_accepted():
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 255, 128)).save(buffer, format="PNG")
    with Image.open(io.BytesIO(process_photo(buffer.getvalue()))) as image:
        assert image.size == (256, 256)


def test_metadata_and_trailing_data_are_dropped():
    jpeg = image_bytes("JPEG") + b"<?php system($_GET['x']); ?>"
    out = process_photo(jpeg)
    assert b"<?php" not in out


def rejected(data: bytes) -> str:
    with pytest.raises(FieldErrors) as excinfo:
        process_photo(data)
    assert set(excinfo.value.errors) == {"photo"}
    return excinfo.value.errors["photo"]


def test_a_pdf_is_not_a_photo():
    assert "JPG atau PNG" in rejected(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF")


def test_a_gif_is_not_a_photo():
    assert "JPG atau PNG" in rejected(image_bytes("GIF"))


def test_a_renamed_text_file_is_not_a_photo():
    assert "JPG atau PNG" in rejected(b"Ini bukan foto, hanya teks biasa.\n")


def test_an_empty_file_is_refused():
    assert "kosong" in rejected(b"")


def test_a_photo_over_5_mb_is_refused():
    assert "5 MB" in rejected(image_bytes("PNG")[:100] + b"\0" * MAX_PHOTO_BYTES)


def test_a_photo_of_exactly_5_mb_is_not_refused_for_its_size():
    data = image_bytes("JPEG")
    padded = data + b"\0" * (MAX_PHOTO_BYTES - len(data))
    assert len(padded) == MAX_PHOTO_BYTES
    with Image.open(io.BytesIO(process_photo(padded))) as image:
        assert image.size == (256, 256)


def test_a_broken_jpeg_is_refused_with_a_message():
    assert "tidak dapat dibaca" in rejected(b"\xff\xd8\xff\xe0" + b"garbage" * 50)


# --------------------------------------------------------------------------- storage


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4 rest", "application/pdf"),
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (PNG_MAGIC + b"rest", "image/png"),
        (b"GIF89a rest", None),
        (b"PK\x03\x04 zip", None),
        (b"", None),
        (b"hello %PDF-", None),  # the signature must be at the start
    ],
)
def test_sniff_reads_the_magic_bytes(data, kind):
    assert storage.sniff(data) == kind


def test_save_writes_under_the_upload_dir_with_a_random_name():
    root = Path(os.environ["SPONTAN_UPLOAD_DIR"])
    assert storage.root() == root
    data = image_bytes("JPEG")
    first = storage.save("photos", data, "image/jpeg")
    second = storage.save("photos", data, "image/jpeg")
    try:
        assert first != second
        assert first.endswith(".jpg") and len(first) >= 20
        path = storage.path_of("photos", first)
        assert path.parent == root / "photos"
        assert path.read_bytes() == data
        assert storage.read("photos", first) == data
        # No temporary file is left behind, and the listing shows both files.
        assert [p.name for p in path.parent.iterdir() if p.name.startswith(".tmp-")] == []
        assert {first, second} <= storage.stored_names("photos")
    finally:
        storage.delete("photos", first)
        storage.delete("photos", second)
    assert not (root / "photos" / first).exists()


def test_save_is_atomic_when_writing_fails(monkeypatch):
    def broken_fsync(fd):
        raise OSError("disk full")

    before = set((storage.root() / "documents").glob("*")) if (storage.root() / "documents").exists() else set()
    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        storage.save("documents", b"%PDF-1.4 data", "application/pdf")
    monkeypatch.undo()
    after = set((storage.root() / "documents").glob("*"))
    assert after == before  # neither a half-written file nor a temporary file remains


@pytest.mark.parametrize(
    "name",
    [
        "../x.jpg",
        "../../etc/passwd",
        "..%2Fx.jpg",
        "/etc/passwd",
        "abc/def/ghijklmnopqrs.jpg",
        "aaaaaaaaaaaaaaaaaaaa.exe",
        "short.jpg",
        "",
    ],
)
def test_path_of_refuses_names_that_could_leave_the_area(name):
    with pytest.raises(ValueError):
        storage.path_of("photos", name)


def test_path_of_refuses_a_name_with_a_trailing_newline():
    # Regression guard (fixed bug; minor; spontan_app/integrations/storage.py, _SAFE_NAME used with .match in path_of):
    # `^...$` lets "<name>.jpg\n" through because `$` matches before a final newline, so the
    # whitelist is not exact. No way out of the area, but the name is not one save() makes.
    # `_SAFE_NAME.fullmatch(...)` or `\Z` would close it.
    with pytest.raises(ValueError):
        storage.path_of("photos", "a" * 20 + ".jpg\n")


def test_unknown_area_is_refused():
    with pytest.raises(ValueError):
        storage.save("../public", b"%PDF-1.4", "application/pdf")
    with pytest.raises(ValueError):
        storage.path_of("..", "aaaaaaaaaaaaaaaaaaaa.jpg")


def test_delete_ignores_bad_names_and_missing_files():
    storage.delete("photos", None)
    storage.delete("photos", "../x.jpg")
    storage.delete("photos", "a" * 20 + ".jpg")


def test_a_pixel_bomb_is_refused_from_its_header_without_decoding(monkeypatch):
    import struct
    import zlib

    from spontan_app.services import photos

    # A valid PNG header declaring 13000 x 13000 px, with a tiny (truncated) body.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 13000, 13000, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\0" * 1000))
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")

    def no_decoding(*args, **kwargs):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(photos.ImageOps, "exif_transpose", no_decoding)
    with pytest.raises(FieldErrors) as caught:
        process_photo(bomb)
    assert "13000×13000" in caught.value.errors["photo"]
