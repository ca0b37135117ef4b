"""Profile photos: JPEG or PNG by content, re-encoded to a 256 px square JPEG."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlmodel import Session

from spontan_app.db import after_commit
from spontan_app.domain.models import Applicant
from spontan_app.i18n import msg
from spontan_app.integrations import storage
from spontan_app.services import accounts
from spontan_app.services.errors import FieldErrors

MAX_PHOTO_BYTES = 5 * 1024 * 1024
SIZE = 256
# A photo of a face needs no more. A small file may declare a huge image (a "pixel bomb":
# 160 KB declaring 13000x13000 px decodes into gigabytes), so the header is checked first.
MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000


def process_photo(data: bytes) -> bytes:
    if not data:
        raise FieldErrors({"photo": msg("accounts.photo_empty")})
    if len(data) > MAX_PHOTO_BYTES:
        raise FieldErrors({"photo": msg("accounts.photo_too_large")})
    if storage.sniff(data) not in ("image/jpeg", "image/png"):
        raise FieldErrors({"photo": msg("accounts.photo_format")})
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise FieldErrors({"photo": msg("accounts.photo_dimensions", width=width, height=height)})
            image = ImageOps.exif_transpose(image).convert("RGB")
            image = ImageOps.fit(image, (SIZE, SIZE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # Re-encoding drops whatever else the file carried (metadata, trailing data).
            image.save(out, format="JPEG", quality=85, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise FieldErrors({"photo": msg("accounts.photo_unreadable")}) from None


def replace_photo(*, session: Session, applicant: Applicant, data: bytes) -> str:
    """Store the new photo, point the account at it, remove the old file. Returns the name.

    The caller resolves ``applicant`` first, so a logged-out request never touches the disk."""
    jpeg = process_photo(data)
    name = storage.save("photos", jpeg, "image/jpeg")
    try:
        previous = accounts.set_photo(session=session, applicant=applicant, storage_name=name)
        session.flush()
    except BaseException:
        storage.delete("photos", name)
        raise
    if previous:
        # The old file goes only once the account points at the new one for good.
        after_commit(session, lambda: storage.delete("photos", previous))
    return name
