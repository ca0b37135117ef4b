"""Reflex configuration, derived from SPONTAN_* settings."""

import reflex as rx

from spontan_app.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="spontan_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_settings.redis_url,
    # Without Redis the state lives in this process; it is lost on restart, which is why
    # anything that matters (drafts, sessions) lives in the database.
    state_manager_mode="redis" if _settings.redis_url else "memory",
    deploy_url=_settings.public_url,
)
