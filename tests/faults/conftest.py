"""Faults against the running app: processes killed, services restarted, the WhatsApp
gateway hanging, the disk full. Runs last (it kills and restarts the shared app)."""

from tests.e2e.conftest import app_server, browser  # noqa: F401  (the served app, once per session)
