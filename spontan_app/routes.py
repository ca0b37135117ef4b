"""HTTP routes beside Reflex's: private documents, served only after an access check."""

from __future__ import annotations

from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spontan_app.services import accounts, applications
from spontan_app.services.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from spontan_app.state.auth import SESSION_COOKIE
from spontan_app.state.base import in_unit_of_work


async def document(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    doc_id = request.path_params["doc_id"]

    def work(session):
        applicant = accounts.current_applicant(session=session, token=token)
        return applications.read_document(session=session, applicant=applicant, document_id=doc_id)

    try:  # database and disk work off the event loop
        doc, data = await in_unit_of_work(work)
    except PermissionDenied:
        return Response("Silakan login terlebih dahulu.", status_code=401, media_type="text/plain")
    except (NotFound, OSError, ValueError):
        return Response("Dokumen tidak ditemukan.", status_code=404, media_type="text/plain")
    return Response(
        data,
        media_type=doc.content_type,
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(doc.original_name)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        },
    )


async def upload(request: Request) -> JSONResponse:
    """Raw-body upload of one requirement's document (the browser sends the file as is)."""
    if request.headers.get("x-requested-with") != "spontan":  # plus SameSite=strict cookie: no CSRF
        return JSONResponse({"ok": False, "message": "Permintaan tidak valid."}, status_code=400)
    limit = applications.max_document_bytes()
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > limit:
            return JSONResponse(
                {"ok": False, "message": f"Ukuran berkas melebihi batas {limit // 1048576} MB."}, status_code=413
            )
    token = request.cookies.get(SESSION_COOKIE, "")
    filename = unquote(request.headers.get("x-file-name", ""))[:255]
    body, params = bytes(data), request.path_params

    def work(session):
        return applications.attach_document(
            session=session,
            applicant=accounts.current_applicant(session=session, token=token),
            application_id=params["app_id"],
            requirement_id=params["req_id"],
            data=body,
            filename=filename,
        )

    try:  # sniffing, hashing, the file write and the rows: off the event loop
        document = await in_unit_of_work(work)
    except PermissionDenied as exc:
        return JSONResponse({"ok": False, "message": exc.message}, status_code=401)
    except FieldErrors as exc:  # a refused file is an answer, not a failure of the request
        return JSONResponse({"ok": False, "message": next(iter(exc.errors.values()))})
    except DomainError as exc:
        return JSONResponse({"ok": False, "message": exc.message})
    return JSONResponse({"ok": True, "message": "", "document_id": document.id})


api = Starlette(
    routes=[
        Route("/dokumen/{doc_id:int}", document),
        Route("/unggah/{app_id:int}/{req_id:int}", upload, methods=["POST"]),
    ]
)
