"""Application settings read from the environment (prefix ``SPONTAN_``).

The defaults make a laptop demo work with no configuration at all: SQLite under
``data/``, in-process Reflex state and WhatsApp messages written to the outbox.
``SPONTAN_ENV=production`` refuses every default that is unsafe on a real server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - refused in production


class UnsafeSettingsError(RuntimeError):
    """Raised when production would start with a setting that is only fit for development."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPONTAN_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{DATA_DIR / 'spontan.db'}"
    redis_url: str | None = None
    public_url: str = "http://localhost:3000"
    upload_dir: Path = DATA_DIR / "uploads"
    wa_provider: Literal["console", "cloud"] = "console"
    wa_api_url: str = "https://graph.facebook.com/v21.0"
    wa_token: str | None = None
    wa_phone_number_id: str | None = None
    # Approved WhatsApp authentication template for OTPs (needed outside the 24-hour window);
    # unset: OTPs go as plain text messages.
    wa_otp_template: str | None = None
    wa_template_language: str = "id"
    captcha_fixed: str | None = None
    secret_key: str = DEV_SECRET_KEY
    # Map tiles for the location picker; empty = no tiles (offline demos, tests).
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    registrations_per_address: int = 10  # per 15 min from one client address, then back-off
    # Lupa Password requests, and Kirim Ulang OTP, from one client address per 15 min (each
    # counted on its own), then back-off; the per-number limits of OTPs apply as well.
    otp_requests_per_address: int = 10
    max_upload_mb: int = 5
    # --- operations (docs/deploy.md) ---
    log_format: Literal["json", "text"] | None = None  # unset: json in production, text elsewhere
    log_level: str = "INFO"
    # /metrics is closed unless one of these opens it: a bearer token, or client addresses
    # (comma-separated IPs or CIDRs, e.g. "127.0.0.1,10.0.0.0/8") as the worker sees them.
    metrics_token: str | None = None
    metrics_allow: str = ""
    # Where documents, photos and permit PDFs live: unset = the private folder upload_dir;
    # "s3://bucket/prefix" = an S3-compatible bucket (endpoint and keys below, or the
    # usual AWS_* variables / instance role when these are unset).
    storage_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    # Run the outbox sweep and the hourly cleanups inside each app worker (safe with N
    # workers: jobs claim their rows). Turn off when a cron/CronJob runs `python -m spontan_app.jobs`.
    jobs_in_workers: bool = True
    # --- public demo (docs/deploy.md, "Demo deployment") ---
    # A DEMO banner on every page, the demo staff accounts on /admin/login, the Kotak Pesan
    # Demo inbox (console WhatsApp, allowed in production only with this), seeded
    # applications in every status and a nightly reset to that seed.
    demo: bool = False
    demo_reset_hour: int = 3  # WITA hour of the nightly reset

    @field_validator(
        "redis_url",
        "captcha_fixed",
        "wa_token",
        "wa_phone_number_id",
        "log_format",
        "metrics_token",
        "storage_url",
        "s3_endpoint_url",
        "s3_access_key_id",
        "s3_secret_access_key",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An exported-but-empty variable means "not set", not "set to the empty string".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("public_url", "wa_api_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def allowed_origins(self) -> list[str]:
        """Origins that may talk to the backend with credentials (CORS and the websocket):
        the public URL's; on a developer's machine also the other loopback name."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.public_url)
        origins = [f"{parts.scheme}://{parts.netloc}"]
        if parts.hostname in ("localhost", "127.0.0.1"):
            other = "127.0.0.1" if parts.hostname == "localhost" else "localhost"
            origins.append(f"{parts.scheme}://{other}" + (f":{parts.port}" if parts.port else ""))
        return origins

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def production_problems(self) -> list[str]:
        """Every reason this configuration must not serve real citizens, each naming its variable."""
        problems: list[str] = []
        if self.wa_provider == "console" and not self.demo:
            # A demo shows its messages in Kotak Pesan Demo instead of sending them.
            problems.append("SPONTAN_WA_PROVIDER=console only writes messages to the outbox; set it to 'cloud'")
        if self.wa_provider == "cloud" and not (self.wa_token and self.wa_phone_number_id):
            problems.append("SPONTAN_WA_TOKEN and SPONTAN_WA_PHONE_NUMBER_ID are required with the cloud provider")
        if self.captcha_fixed:
            problems.append("SPONTAN_CAPTCHA_FIXED makes every captcha guessable; unset it")
        if self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
            problems.append("SPONTAN_SECRET_KEY is the development default or shorter than 32 characters")
        if self.metrics_token and len(self.metrics_token) < 24:
            problems.append("SPONTAN_METRICS_TOKEN is shorter than 24 characters; use a long random token")
        return problems

    def check_safe(self) -> None:
        """Refuse to run in production with development-only settings."""
        if not self.is_production:
            return
        problems = self.production_problems()
        if problems:
            raise UnsafeSettingsError("Refusing to start with SPONTAN_ENV=production:\n- " + "\n- ".join(problems))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    settings = Settings()
    settings.check_safe()
    return settings


def reset_settings_cache() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
