"""Outbox privacy after delivery, OTP templates, and the orphan-file job's safety margin."""

from __future__ import annotations

import os
import time

from sqlmodel import select

from spontan_app.domain.models import OutgoingMessage
from spontan_app.integrations import storage
from spontan_app.integrations.whatsapp import CloudGateway, Delivery
from spontan_app.services import applications, messaging


class Recorder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to_e164: str, body: str, kind: str = "") -> Delivery:
        self.sent.append((to_e164, body, kind))
        return Delivery(ok=True, attempts=1, provider_message_id="wamid.1")


def test_cloud_delivery_leaves_no_code_or_link_token_in_the_outbox(session):
    otp = messaging.queue_message(
        session=session,
        to_e164="+6281299900001",
        kind="otp_register",
        body="Kode OTP SPONTAN: 123456\nBerlaku 5 menit.",
    )
    link = messaging.queue_message(
        session=session,
        to_e164="+6281299900001",
        kind="registration_link",
        body="Lengkapi data: http://x/verifikasi/AbC_123-xyz",
        params={"link": "http://x/verifikasi/AbC_123-xyz"},
    )
    session.commit()
    gateway = Recorder("cloud")
    for message in (otp, link):
        messaging.deliver(session=session, message_id=message.id, gateway=gateway)
    assert "123456" in gateway.sent[0][1] and gateway.sent[0][2] == "otp_register"  # sent in full
    rows = {m.kind: m for m in session.exec(select(OutgoingMessage))}
    assert "123456" not in rows["otp_register"].body and "******" in rows["otp_register"].body
    assert "AbC_123-xyz" not in rows["registration_link"].body
    assert "AbC_123-xyz" not in str(rows["registration_link"].payload)


def test_console_delivery_keeps_the_body_for_development(session):
    message = messaging.queue_message(
        session=session, to_e164="+6281299900002", kind="otp_register", body="Kode OTP SPONTAN: 654321"
    )
    session.commit()
    messaging.deliver(session=session, message_id=message.id, gateway=Recorder("console"))
    session.refresh(message)
    assert "654321" in message.body


def test_otp_goes_as_an_authentication_template_when_one_is_configured():
    gateway = CloudGateway("http://127.0.0.1:9/v21.0", "123", "t", otp_template="spontan_otp")
    payload = gateway.payload("+6281299900003", "Kode OTP SPONTAN: 112233", "otp_reset")
    assert payload["type"] == "template" and payload["template"]["name"] == "spontan_otp"
    assert payload["template"]["language"] == {"code": "id"}
    assert [c["parameters"][0]["text"] for c in payload["template"]["components"]] == ["112233", "112233"]
    text = gateway.payload("+6281299900003", "Permohonan diterima 1/SKP-B/12/2026", "application_submitted")
    assert text["type"] == "text" and text["to"] == "6281299900003"


def test_orphan_job_spares_fresh_files(session):
    fresh = storage.save("documents", b"%PDF-1.4 baru", "application/pdf")
    old = storage.save("documents", b"%PDF-1.4 lama", "application/pdf")
    hour_ago = time.time() - 7200
    os.utime(storage.path_of("documents", old), (hour_ago, hour_ago))
    removed = applications.remove_orphan_files(session=session, min_age_seconds=3600)
    assert old in removed and fresh not in removed
    assert storage.path_of("documents", fresh).exists()
    storage.delete("documents", fresh)


def test_orphan_job_removes_half_written_files_a_killed_process_left(session):
    """kill -9 inside a write leaves a `.tmp-…` file behind: the cleanup job removes it once
    it is older than any write can take, and never one that may still be written."""
    folder = storage.root() / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / ".tmp-killed-midway", folder / ".tmp-being-written"
    stale.write_bytes(b"%PDF-1.4 half")
    fresh.write_bytes(b"%PDF-1.4 half")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    applications.remove_orphan_files(session=session, min_age_seconds=0)
    assert not stale.exists()
    assert fresh.exists()  # a write in progress is never touched, even with min_age 0
    fresh.unlink()
