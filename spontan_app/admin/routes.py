"""HTTP routes of the back office and the permit: documents for staff, permit PDFs for the
owner and for staff, the public hash check, CSV exports. Each resolves who asks from its
own cookie and lets the service decide."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spontan_app.admin.state import STAFF_COOKIE
from spontan_app.i18n import LANG_COOKIE, localize, normalize_lang, t
from spontan_app.services import accounts, desk, permits, staff_sessions
from spontan_app.services.admin import faskes_admin, reports
from spontan_app.services.errors import DomainError, NotFound, NotLoggedIn, PermissionDenied
from spontan_app.state.auth import SESSION_COOKIE
from spontan_app.state.base import in_unit_of_work

MAX_CHECK_BYTES = 10 * 1024 * 1024
MAX_REPORTED_ROWS = 200
PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
}


def _text(message: str, status: int) -> Response:
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def _file(data: bytes, content_type: str, name: str, *, download: bool = False) -> Response:
    disposition = "attachment" if download else "inline"
    return Response(
        data,
        media_type=content_type,
        headers={**PRIVATE_HEADERS, "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}"},
    )


async def _private_file(
    request: Request,
    *,
    staff: bool,
    fetch: Callable[[Any, Any], tuple[Any, bytes]],
    missing: str,
) -> tuple[Any, bytes] | Response:
    """Resolve who asks from their own cookie, let the service decide, answer 401/404 itself."""
    token = request.cookies.get(STAFF_COOKIE if staff else SESSION_COOKIE, "")

    def work(session):
        if staff:
            who = staff_sessions.current_staff(session=session, token=token)
        else:
            who = accounts.current_applicant(session=session, token=token)
        return fetch(session, who)

    try:
        return await in_unit_of_work(work)
    except PermissionDenied:
        return _text("Silakan login sebagai petugas." if staff else "Silakan login terlebih dahulu.", 401)
    except (NotFound, OSError):
        return _text(missing, 404)


def _permit_name(permit: Any) -> str:
    return f"izin-{permit.number.replace('/', '-')}.pdf"


async def staff_document(request: Request) -> Response:
    found = await _private_file(
        request,
        staff=True,
        fetch=lambda session, staff: desk.read_document(
            session=session, staff=staff, document_id=request.path_params["doc_id"]
        ),
        missing="Dokumen tidak ditemukan.",
    )
    if isinstance(found, Response):
        return found
    document, data = found
    return _file(data, document.content_type, document.original_name)


async def owner_permit(request: Request) -> Response:
    """Unduh Izin on /beranda."""
    found = await _private_file(
        request,
        staff=False,
        fetch=lambda session, applicant: permits.download_for_owner(
            session=session, applicant=applicant, application_id=request.path_params["app_id"]
        ),
        missing="Izin tidak ditemukan.",
    )
    if isinstance(found, Response):
        return found
    permit, data = found
    return _file(data, "application/pdf", _permit_name(permit), download=True)


async def staff_permit(request: Request) -> Response:
    found = await _private_file(
        request,
        staff=True,
        fetch=lambda session, staff: permits.download_for_staff(
            session=session, staff=staff, application_id=request.path_params["app_id"]
        ),
        missing="Izin tidak ditemukan.",
    )
    if isinstance(found, Response):
        return found
    permit, data = found
    return _file(data, "application/pdf", _permit_name(permit))


def _lang(request: Request) -> str:
    """The tab's language (its ``spontan_lang`` cookie): these answers are shown as they come."""
    return normalize_lang(request.cookies.get(LANG_COOKIE, ""))


async def check_permit_file(request: Request) -> JSONResponse:
    """Periksa Berkas PDF: the file's SHA-256 against the one stored when it was issued."""
    lang = _lang(request)
    if request.headers.get("x-requested-with") != "spontan":
        return JSONResponse({"ok": False, "message": t("admin.route.bad_request", lang)}, status_code=400)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CHECK_BYTES:
        return JSONResponse({"ok": False, "message": t("common.file_too_large", lang, mb=10)}, status_code=413)
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_CHECK_BYTES:
            return JSONResponse({"ok": False, "message": t("common.file_too_large", lang, mb=10)}, status_code=413)
    code = request.path_params["code"]
    try:
        genuine = await in_unit_of_work(
            lambda session: permits.check_file(session=session, code=code, data=bytes(data))
        )
    except DomainError as exc:
        return JSONResponse({"ok": False, "message": localize(exc.message, lang)})
    verdict = permits.FILE_GENUINE if genuine else permits.FILE_MISMATCH
    return JSONResponse({"ok": True, "message": localize(verdict, lang)})


def _import_message(report: faskes_admin.ImportReport, lang: str = "id") -> str:
    """First line: the counts; then one ``line<TAB>message`` per rejected row (at most 200)."""
    head = t("admin.import.counts", lang, inserted=report.inserted, updated=report.updated)
    if report.errors:
        head += t("admin.import.rejected", lang, count=len(report.errors))
    lines = [head + "."]
    lines += [f"{line}\t{localize(message, lang)}" for line, message in report.errors[:MAX_REPORTED_ROWS]]
    return "\n".join(lines)


async def import_faskes(request: Request) -> JSONResponse:
    """Impor CSV on /admin/faskes: the raw file (at most 5 MB) in the body."""
    lang = _lang(request)
    if request.headers.get("x-requested-with") != "spontan":
        return JSONResponse({"ok": False, "message": t("admin.route.bad_request", lang)}, status_code=400)
    too_big = JSONResponse({"ok": False, "message": t("common.file_too_large", lang, mb=5)}, status_code=413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > faskes_admin.MAX_IMPORT_BYTES:
        return too_big
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > faskes_admin.MAX_IMPORT_BYTES:
            return too_big
    token = request.cookies.get(STAFF_COOKIE, "")

    def work(session):
        staff = staff_sessions.current_staff(session=session, token=token)
        return faskes_admin.import_csv(session=session, staff=staff, data=bytes(data))

    try:
        report = await in_unit_of_work(work)
    except PermissionDenied as exc:
        return JSONResponse({"ok": False, "message": localize(exc.message, lang)}, status_code=403)
    except DomainError as exc:
        return JSONResponse({"ok": False, "message": localize(exc.message, lang)})
    return JSONResponse({"ok": True, "message": _import_message(report, lang)})


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def report_filter(params: Any) -> reports.ReportFilter:
    """The Laporan filters from a query string (``izin``, ``status``, ``dari``, ``sampai``)."""
    izin = params.get("izin", "")
    return reports.ReportFilter(
        izin_id=int(izin) if izin.isdigit() else None,
        status=params.get("status") or None,
        date_from=_day(params.get("dari")),
        date_to=_day(params.get("sampai")),
    )


async def export_applications(request: Request) -> Response:
    """Unduh CSV on /admin/laporan: every submitted file matching the filters."""
    token = request.cookies.get(STAFF_COOKIE, "")
    filters = report_filter(request.query_params)

    def work(session):
        staff = staff_sessions.current_staff(session=session, token=token)
        return reports.export_applications_csv(session=session, staff=staff, filters=filters)

    try:
        data = await in_unit_of_work(work)
    except NotLoggedIn:
        return _text("Silakan login sebagai petugas.", 401)
    except PermissionDenied as exc:
        return _text(exc.message, 403)
    except DomainError as exc:
        return _text(exc.message, 400)
    name = f"permohonan-{date.today().isoformat()}.csv"
    return _file(data, "text/csv; charset=utf-8", name, download=True)


routes = [
    Route("/admin/dokumen/{doc_id}", staff_document),
    Route("/admin/izin/{app_id}", staff_permit),
    Route("/izin/{app_id}", owner_permit),
    Route("/periksa-izin/{code}", check_permit_file, methods=["POST"]),
    Route("/admin/faskes/impor", import_faskes, methods=["POST"]),
    Route("/admin/laporan/permohonan.csv", export_applications),
]
