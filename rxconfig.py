"""Reflex configuration, derived from SPONTAN_* settings."""

import reflex as rx

from spontan_app.settings import get_settings

_settings = get_settings()  # refuses unsafe production settings before anything starts

config = rx.Config(
    app_name="spontan_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_settings.redis_url,
    # Without Redis the state lives in this process and is lost on restart, which is why
    # everything that matters (drafts, login sessions) lives in the database.
    state_manager_mode="redis" if _settings.redis_url else "memory",
    deploy_url=_settings.public_url,
    # Only our own origin may call the backend with credentials (Reflex echoes any by default).
    cors_allowed_origins=_settings.allowed_origins,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", appearance="light")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
