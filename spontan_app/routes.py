"""HTTP routes beside Reflex's: private documents, served only after an access check."""

from __future__ import annotations

from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spontan_app.db import session_scope
from spontan_app.services import accounts, applications
from spontan_app.services.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from spontan_app.state.auth import SESSION_COOKIE


async def document(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    try:
        with session_scope() as session:
            doc, data = applications.read_document(
                session=session,
                applicant=accounts.current_applicant(session=session, token=token),
                document_id=int(request.path_params["doc_id"]),
            )
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
    try:
        with session_scope() as session:
            document = applications.attach_document(
                session=session,
                applicant=accounts.current_applicant(session=session, token=token),
                application_id=request.path_params["app_id"],
                requirement_id=request.path_params["req_id"],
                data=bytes(data),
                filename=filename,
            )
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
