"""Reflex configuration, derived from SPONTAN_* settings."""

import os
import tempfile

import reflex as rx

from spontan_app.components.theme import RadixThemesInParts, theme
from spontan_app.settings import get_settings

_settings = get_settings()  # refuses unsafe production settings before anything starts

# With Redis, `reflex run --env prod` starts several workers: they add up their metrics
# through files (prometheus_client's multiprocess mode). Set here, in the process that
# starts the workers, so each inherits it; a fresh directory per run, so a past run's
# counts never add in. Operators may set their own (emptied at each start).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="spontan-metrics-")

# With Redis, a worker holds a tab's state lock across its events and keeps the state in
# memory (Reflex's opportunistic lock), handing it over when another worker asks: a burst
# of events (a wizard's clicks, a search as one types) costs ~0.5 Redis calls per event
# instead of ~20 (a lock check per substate) and less server CPU (bench/events.py,
# docs/performance.md). Held at most two seconds, so a worker killed mid-burst loses at
# most that much of a tab's screen state (what matters is in the database already).
# Operators may set either variable themselves.
if _settings.redis_url:
    os.environ.setdefault("REFLEX_OPLOCK_ENABLED", "1")
    os.environ.setdefault("REFLEX_OPLOCK_HOLD_TIME", "2s")

config = rx.Config(
    app_name="spontan_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_settings.redis_url,
    # Without Redis the state lives in this process and is lost on restart, which is why
    # everything that matters (drafts, login sessions) lives in the database.
    state_manager_mode="redis" if _settings.redis_url else "memory",
    # A handler holds its tab's state lock while it waits for its worker thread (bcrypt,
    # PDF, queries). Reflex's 10 s default lost logins when twenty arrived at once on a
    # busy two-core server (LockExpiredError: the answer never reached the tab).
    redis_lock_expiration=60_000,
    deploy_url=_settings.public_url,
    # Only our own origin may call the backend with credentials (Reflex echoes any by default).
    cors_allowed_origins=_settings.allowed_origins,
    # Radix Themes with only the colour scales the pages use (spontan_app/components/theme.py).
    plugins=[RadixThemesInParts(theme=theme())],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
