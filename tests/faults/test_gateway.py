"""The WhatsApp gateway hangs, then is down: submissions still go through at once, the
pages stay quick, and every notice is delivered from the outbox once the gateway is back."""

from __future__ import annotations

import time

from tests.e2e import cloud
from tests.faults.support import SUBMIT, draft, eventually, file_state, open_draft, query, submitted_ok

cloud_api, cloud_app = cloud.cloud_api, cloud.cloud_app  # this module's own app, on the fake Cloud API


def _notices(app_server, application_id: int) -> list[dict]:
    return query(
        app_server,
        "SELECT m.id, m.status, m.attempts, m.to_number FROM outgoing_message m "
        "JOIN applicant p ON p.wa_number = m.to_number JOIN application a ON a.applicant_id = p.id "
        "WHERE a.id = :id AND m.kind = 'application_submitted'",
        id=application_id,
    )


def test_a_hanging_then_dead_gateway_never_holds_a_submission_and_the_outbox_catches_up(cloud_app, cloud_api):
    made = [draft(cloud_app, 961 + i) for i in range(3)]
    cloud_api.hanging.set()
    timings = []
    for m in made[:2]:
        tab = open_draft(cloud_app, m)
        try:
            started = time.monotonic()
            reply = tab.call(SUBMIT, {}, until=lambda r: r.redirect_path() is not None, timeout=30)
            timings.append(time.monotonic() - started)
            assert submitted_ok(reply)
        finally:
            tab.close()
    # The gateway is now down altogether (connection refused).
    cloud_api.stop()
    tab = open_draft(cloud_app, made[2])
    try:
        started = time.monotonic()
        assert submitted_ok(tab.call(SUBMIT, {}, until=lambda r: r.redirect_path() is not None, timeout=30))
        timings.append(time.monotonic() - started)
    finally:
        tab.close()
    assert max(timings) < 5, timings  # the client's 10 s gateway timeout is never waited for
    for m in made:
        assert file_state(cloud_app, m["id"])["status"] == "SUBMITTED"
        assert [n["status"] for n in _notices(cloud_app, m["id"])] != ["sent"]

    # The gateway comes back (a new server on the same port): the sweep delivers each notice once.
    revived = cloud.FakeCloudApi(port=cloud_api.port).start()
    try:
        assert eventually(
            lambda: all([n["status"] for n in _notices(cloud_app, m["id"])] == ["sent"] for m in made), timeout=150
        ), [_notices(cloud_app, m["id"]) for m in made]
        for m in made:  # exactly one delivery per notice, however many tries failed before
            (notice,) = _notices(cloud_app, m["id"])
            assert len(revived.to(notice["to_number"].lstrip("+"))) == 1
    finally:
        revived.stop()
