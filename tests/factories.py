"""Test data shared by every depth: applicants, complete drafts, submitted files, staff.

Unit and state tests call the functions with their session. Browser tests run this
module as a program against the served app's database and upload folder (the app's
environment), so documents land where the app reads them:

    python -m tests.factories submitted --n 7 --izin SKP-B   ->  FACTORY {"id": 3, "number": "1/SKP-B/12/2026", ...}
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from spontan_app.domain.enums import FieldType
from spontan_app.domain.models import (
    Applicant,
    Application,
    FaskesProposal,
    JenisIzin,
    Permit,
    SkmResponse,
    StaffUser,
)
from spontan_app.domain.passwords import hash_password
from spontan_app.services import accounts, applications, faskes, skm, snapshot, workflow
from spontan_app.services.applications import DraftInput
from tests.support import redeem

ANSWER = "FACTORY "  # the line of the program's output that carries its JSON answer
PDF = b"%PDF-1.4\n" + b"1" * 3000 + b"\n%%EOF"
PASSWORD = "rahasia-123"
STAFF_PASSWORD = "Spontan#2026"


def nik_of(n: int) -> str:
    return f"64710141019{n:05d}"


def wa_of(n: int) -> str:
    return f"+62812700{n:05d}"


def make_applicant(
    session: Session, n: int, *, name: str | None = None, password_hash: str | None = None, **extra
) -> Applicant:
    """An active Perorangan account (registration has its own tests); ``password_hash``
    for another password or cost (PASSWORD at a test's low cost by default)."""
    applicant = Applicant(
        applicant_type="perorangan",
        username=nik_of(n),
        email=f"u{n}@contoh.id",
        wa_number=wa_of(n),
        password_hash=password_hash or hash_password(PASSWORD, rounds=4),
        status="active",
        full_name=name or f"Pemohon {n}",
        sex="L",
        address="Jl. Uji No. 1, Klandasan Ilir",
        phone=wa_of(n),
        **extra,
    )
    session.add(applicant)
    session.commit()
    return applicant


def login_token(session: Session, applicant: Applicant) -> str:
    result = accounts.login(
        session=session,
        applicant_type=applicant.applicant_type,
        username=applicant.username,
        password=PASSWORD,
        ip=None,
    )
    session.commit()
    assert result.ok, result.message
    return redeem(session, result.handoff)


def izin(session: Session, code: str) -> JenisIzin:
    return session.exec(select(JenisIzin).where(JenisIzin.code == code)).one()


def staff(session: Session, role: str) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.role == role, StaffUser.active.is_(True))).first()


def _value_for(field, applicant: Applicant) -> str:
    kind = field.field_type
    if kind == FieldType.SELECT.value:
        return (field.options or [""])[0]
    if kind == FieldType.DATE.value:
        return "2029-12-31"
    if kind == FieldType.NUMBER.value:
        return "3"
    if kind == FieldType.PHONE.value:
        return "081270000001"
    if kind == FieldType.NIK.value:
        return applicant.username
    if kind == FieldType.NPWP.value:
        return "012345678901234"
    return f"Isian {field.label}"


def complete_draft(session: Session, applicant: Applicant, code: str = "IPRI-B") -> Application:
    """A draft with every value and document the izin asks for, valid."""
    from spontan_app.seed_demo import fill_draft

    draft = applications.start_draft(session=session, applicant=applicant, izin_id=izin(session, code).id)
    session.commit()
    place = DraftInput(
        lokasi="Simpang Dam, Balikpapan", latitude="-1.2401", longitude="116.8702", keterangan="Data uji"
    )
    fill_draft(session, applicant, draft.id, _value_for, place, PDF)
    session.commit()
    return draft


def submitted(
    session: Session, n: int, *, code: str = "IPRI-B", when: datetime | None = None, name: str | None = None
) -> tuple[Applicant, Application]:
    """An applicant ``n`` and their file of izin ``code``, submitted and at the first desk."""
    applicant = make_applicant(session, n, name=name)
    draft = complete_draft(session, applicant, code)
    applications.submit(
        session=session,
        applicant=applicant,
        application_id=draft.id,
        submit_key=f"factory-{n}",
        declaration=True,
        now=when,
    )
    session.commit()
    return applicant, session.get(Application, draft.id)


def issued(
    session: Session,
    n: int,
    *,
    code: str = "IPRI-B",
    when: datetime | None = None,
    decided: datetime | None = None,
    valid_until: date | None = None,
    name: str | None = None,
) -> tuple[Applicant, Application, Permit]:
    """A file walked through every desk of its route and issued (the permit PDF included).

    ``when`` is the submission time, ``decided`` the time every desk approved (default:
    the submission time); ``valid_until`` overrides the permit's end (renewal tests)."""
    applicant, application = submitted(session, n, code=code, when=when, name=name)
    moment = decided or when
    for desk in workflow.process_steps(session, application):
        workflow.staff_forward(
            session=session, staff=staff(session, desk.desk), application_id=application.id, now=moment
        )
        session.commit()
    permit = session.exec(select(Permit).where(Permit.application_id == application.id)).one()
    if valid_until is not None:
        permit.valid_until = valid_until
        session.add(permit)
        session.commit()
    return applicant, session.get(Application, application.id), permit


def survey(session: Session, applicant: Applicant, application: Application, scores: list[int]) -> SkmResponse:
    """The applicant's SKM answers (nine scores 1..4) for their issued application."""
    answers = {f"u{i}": str(v) for i, v in enumerate(scores, start=1)}
    response = skm.submit(session=session, applicant=applicant, application_id=application.id, scores=answers)
    session.commit()
    return response


def proposal(session: Session, n: int, *, nama: str) -> tuple[Applicant, FaskesProposal]:
    """An applicant ``n`` who proposed a faskes (Tambah Data) that staff have not reviewed yet."""
    applicant = make_applicant(session, n)
    form = faskes.ProposalForm(
        nama=nama,
        alamat="Jl. Soekarno Hatta Km. 5, Balikpapan Utara",
        pemilik="PT Sehat Bersama",
        penanggung_jawab="dr. Penanggung Jawab",
        kontak="081255577001",
    )
    row = faskes.propose(session=session, applicant=applicant, form=form)
    session.commit()
    return applicant, row


def _main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="tests.factories")
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("submitted", help="an applicant and a submitted file")
    one.add_argument("--n", type=int, required=True)
    one.add_argument("--izin", default="IPRI-B")
    one.add_argument("--name", default=None)
    one.add_argument("--with-login", action="store_true", help="also open a login session (its token)")
    made = sub.add_parser("proposal", help="an applicant and a pending faskes proposal")
    made.add_argument("--n", type=int, required=True)
    made.add_argument("--name", required=True)
    drafted = sub.add_parser("draft", help="an applicant, a logged-in token and a complete draft")
    drafted.add_argument("--n", type=int, required=True)
    drafted.add_argument("--izin", default="IPRI-B")
    bulk = sub.add_parser("drafts", help="applicants n, n+1, ..., each logged in with a complete draft")
    bulk.add_argument("--n", type=int, required=True)
    bulk.add_argument("--count", type=int, default=1)
    bulk.add_argument("--izin", default="IPRI-B")
    sub.add_parser("orphans", help="run the orphan-file cleanup now (no age limit)")
    sub.add_parser("stored", help="the names of the stored documents")
    many = sub.add_parser("issued", help="issued files (permits), one applicant each: n, n+1, ...")
    many.add_argument("--n", type=int, required=True)
    many.add_argument("--count", type=int, default=1)
    many.add_argument("--izin", default="IPRI-B")
    many.add_argument("--name", default=None)
    many.add_argument("--submitted", type=datetime.fromisoformat, default=None, help="UTC, e.g. 2026-06-01T02:00")
    many.add_argument("--days", type=int, default=0, help="calendar days from submission to issuing")
    many.add_argument("--valid-days", type=int, default=None, help="the permit ends this many days from today")
    many.add_argument("--skm", default="", help="nine scores 1..4, comma-separated: each applicant fills the SKM")
    many.add_argument("--with-login", action="store_true")
    args = parser.parse_args(argv)

    from spontan_app.db import get_engine
    from spontan_app.services import messaging

    # Leave WhatsApp messages queued for the served app's sweep: this short-lived program
    # must not print console deliveries into its answer or exit under a delivery thread.
    messaging.dispatch = lambda ids: None

    with Session(get_engine(), expire_on_commit=False) as session:
        if args.what == "orphans":
            removed = applications.remove_orphan_files(session=session, min_age_seconds=0)
            print(ANSWER + json.dumps({"removed": removed}))
            return
        if args.what == "stored":
            from spontan_app.integrations import storage

            print(ANSWER + json.dumps({"names": sorted(storage.stored_names("documents"))}))
            return
        if args.what == "draft":
            applicant = make_applicant(session, args.n)
            draft = complete_draft(session, applicant, args.izin)
            requirements = [r.id for r in snapshot.live_requirements(session, draft.izin_id)]
            token = login_token(session, applicant)
            print(ANSWER + json.dumps({"id": draft.id, "token": token, "requirements": requirements}))
            return
        if args.what == "drafts":
            made = []
            for n in range(args.n, args.n + args.count):
                applicant = make_applicant(session, n)
                draft = complete_draft(session, applicant, args.izin)
                made.append({"id": draft.id, "token": login_token(session, applicant)})
            print(ANSWER + json.dumps(made))
            return
        if args.what == "issued":
            print(ANSWER + json.dumps(_issued_many(session, args)))
            return
        if args.what == "proposal":
            applicant, row = proposal(session, args.n, nama=args.name)
            print(ANSWER + json.dumps({"id": row.id, "username": applicant.username, "password": PASSWORD}))
            return
        applicant, application = submitted(session, args.n, code=args.izin, name=args.name)
        token = login_token(session, applicant) if args.with_login else ""
        documents = [
            d.id for d in applications.current_documents(session=session, application_id=application.id).values()
        ]
        print(
            ANSWER
            + json.dumps(
                {
                    "id": application.id,
                    "number": application.registration_number,
                    "username": applicant.username,
                    "password": PASSWORD,
                    "wa": applicant.wa_number,
                    "token": token,
                    "documents": documents,
                }
            )
        )


def _issued_many(session: Session, args: argparse.Namespace) -> list[dict]:
    when = args.submitted.replace(tzinfo=UTC) if args.submitted else None
    decided = when + timedelta(days=args.days) if when else None
    valid_until = date.today() + timedelta(days=args.valid_days) if args.valid_days is not None else None
    scores = [int(v) for v in args.skm.split(",")] if args.skm else []
    made = []
    for n in range(args.n, args.n + args.count):
        applicant, application, permit = issued(
            session, n, code=args.izin, when=when, decided=decided, valid_until=valid_until, name=args.name
        )
        if scores:
            survey(session, applicant, application, scores)
        made.append(
            {
                "id": application.id,
                "number": application.registration_number,
                "permit": permit.number,
                "valid_until": permit.valid_until.isoformat() if permit.valid_until else None,
                "username": applicant.username,
                "password": PASSWORD,
                "wa": applicant.wa_number,
                "token": login_token(session, applicant) if args.with_login else "",
            }
        )
    return made


def answer_of(output: str) -> Any:
    """The JSON answer in the program's output (a dict, or a list for ``issued``)."""
    line = next(line for line in output.splitlines() if line.startswith(ANSWER))
    return json.loads(line[len(ANSWER) :])


if __name__ == "__main__":
    _main(sys.argv[1:])
