"""The framework's floor for bench/events.py: a bare Reflex app, one page, one no-op event.

With BENCH_FLOOR_REDIS_URL set it keeps its state in Redis (and may run several workers),
like the real app with SPONTAN_REDIS_URL."""

import os

import reflex as rx

_redis = os.environ.get("BENCH_FLOOR_REDIS_URL") or None

config = rx.Config(
    app_name="floor_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_redis,
    state_manager_mode="redis" if _redis else "memory",
    redis_lock_expiration=60_000,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
