"""Reading what the app sent over WhatsApp, and filling the account forms like a person."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import open_page

CAPTCHA = "TEST42"
OTP_RE = re.compile(r"\b(\d{6})\b")
LINK_RE = re.compile(r"(https?://\S+/verifikasi/[A-Za-z0-9_-]+)")


def outbox(database_url: str, to_e164: str) -> list[tuple[str, str, str]]:
    """(kind, body, status) of every message to that number, oldest first."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT kind, body, status FROM outgoing_message WHERE to_number = :n ORDER BY id"),
                {"n": to_e164},
            ).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]


def wait_for_message(database_url: str, to_e164: str, kind: str, count: int = 1, timeout: float = 10) -> str:
    """Body of the ``count``-th message of ``kind`` (waits for the background delivery too)."""
    deadline = time.monotonic() + timeout
    while True:
        bodies = [b for k, b, _ in outbox(database_url, to_e164) if k == kind]
        if len(bodies) >= count:
            return bodies[count - 1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no {kind} message #{count} to {to_e164}; outbox: {outbox(database_url, to_e164)}")
        time.sleep(0.2)


def otp_from(body: str) -> str:
    match = OTP_RE.search(body)
    assert match, body
    return match.group(1)


def link_path(body: str) -> str:
    match = LINK_RE.search(body)
    assert match, body
    return urlsplit(match.group(1)).path


def register(page: Page, kind: str, identity: str, wa: str, email: str, captcha: str = CAPTCHA) -> None:
    open_page(page, "/registrasi")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Nomor Identitas").fill(identity)
    page.get_by_label("No WA").fill(wa)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kode Unik").fill(captcha)
    page.get_by_role("button", name="Daftar").click()


def login(page: Page, kind: str, username: str, password: str) -> None:
    open_page(page, "/login")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_label("Kode Unik").press("Enter")  # Enter submits, as the manual says


def expect_path(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(r"^https?://[^/]+" + re.escape(path.rstrip("/")) + r"/?(\?.*)?$"))


def escape_from(page: Page, dialog: Locator) -> None:
    """Press Escape in an open dialog once it holds the focus, as a person would.

    Radix attaches its Escape listener and moves the focus in the effects that run just
    after the dialog is painted; a key pressed in the frame between is never seen (CI saw
    it once under load: the dialog stayed open)."""
    expect(dialog).to_be_visible()
    page.wait_for_function("d => d.contains(document.activeElement)", arg=dialog.element_handle())
    page.keyboard.press("Escape")


def make_applicant(
    database_url: str, *, username: str, wa: str, password: str, name: str, applicant_type: str = "perorangan"
) -> None:
    """An active account written straight to the app's database (registration has its own tests)."""
    from sqlmodel import Session

    from spontan_app.db import make_engine
    from spontan_app.domain.models import Applicant
    from spontan_app.domain.passwords import hash_password

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            session.add(
                Applicant(
                    applicant_type=applicant_type,
                    username=username,
                    email=f"{username}@contoh.id",
                    wa_number=wa,
                    password_hash=hash_password(password, rounds=4),
                    status="active",
                    full_name=name,
                    sex="P",
                    address="Jl. Jenderal Sudirman No. 10, Klandasan Ilir",
                    phone=wa,
                )
            )
            session.commit()
    finally:
        engine.dispose()


def upload_pdf(page: Page, requirement: str) -> None:
    """Upload a PDF for ``requirement`` under a name a person's file could have (no "/":
    "Surat Pengantar Instansi/Universitas" becomes "…Instansi-Universitas.pdf") and wait
    for its link."""
    name = requirement.replace("/", "-") + ".pdf"
    page.get_by_label(requirement, exact=True).set_input_files(files=[pdf_file(name)])
    expect(page.get_by_role("link", name=name)).to_be_visible()


def pdf_file(name: str, size: int = 2048) -> dict:
    """A real one-page PDF naming the document (viewers open it), padded to about ``size`` bytes."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=16)
    document.cell(text=name.removesuffix(".pdf"))
    body = bytes(document.output())
    body += b"\n%" + b"0" * max(0, size - len(body) - 3) + b"\n" if len(body) < size else b""
    return {"name": name, "mimeType": "application/pdf", "buffer": body}
