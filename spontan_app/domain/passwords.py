"""Password rules and hashing (bcrypt). Plain passwords are never stored or logged."""

from __future__ import annotations

import bcrypt

from spontan_app.domain.cpu import run_low
from spontan_app.domain.validation import ValidationError
from spontan_app.i18n import msg

MIN_LENGTH = 8
MAX_BYTES = 72  # bcrypt ignores everything past 72 bytes; refuse instead of truncating
ROUNDS = 12

# Compared against when the username is unknown, so that a miss costs as much as a hit.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(ROUNDS)).decode()


def validate_new_password(password: str, confirm: str | None = None) -> str:
    if len(password or "") < MIN_LENGTH:
        raise ValidationError(msg("accounts.pw_min", min_length=MIN_LENGTH), field="password")
    if len(password.encode("utf-8")) > MAX_BYTES:
        raise ValidationError(msg("accounts.pw_max", max_bytes=MAX_BYTES), field="password")
    if password.strip() != password:
        raise ValidationError(msg("accounts.pw_spaces"), field="password")
    if confirm is not None and confirm != password:
        raise ValidationError(msg("accounts.pw_confirm"), field="password_confirm")
    return password


def hash_password(password: str, rounds: int = ROUNDS) -> str:
    # In the low-priority pool (domain.cpu): hashes never crowd out the event loop.
    return run_low(bcrypt.hashpw, password.encode("utf-8"), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not there is a hash to compare with."""
    encoded = (password or "").encode("utf-8")
    if len(encoded) > MAX_BYTES:
        encoded = encoded[:MAX_BYTES]  # still do the work; the result is False below
        run_low(bcrypt.checkpw, encoded, _DUMMY_HASH.encode())
        return False
    if not password_hash:
        run_low(bcrypt.checkpw, encoded, _DUMMY_HASH.encode())
        return False
    return run_low(bcrypt.checkpw, encoded, password_hash.encode())
