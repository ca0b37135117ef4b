"""Attacks on the running app over HTTP: the app is built and served as for the browser
tests (same fixture), and a plain HTTP client plays the attacker."""

from tests.e2e.conftest import app_server  # noqa: F401  (the served app, once per session)
