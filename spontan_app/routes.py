"""HTTP routes beside Reflex's: private documents, served only after an access check."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spontan_app.domain.validation import safe_filename
from spontan_app.i18n import LANG_COOKIE, localize, normalize_lang, t
from spontan_app.integrations import captcha
from spontan_app.services import accounts, applications, receipts
from spontan_app.services.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from spontan_app.settings import get_settings
from spontan_app.state.auth import SESSION_COOKIE
from spontan_app.state.base import in_unit_of_work

# Speaking a code costs ~0.3 s of CPU: at most two at a time, and a replayed link (the
# player asks again on each play) is answered from the last few rendered.
_AUDIO_RENDERS = asyncio.Semaphore(2)
_AUDIO_CACHE: OrderedDict[str, bytes] = OrderedDict()
_AUDIO_CACHE_SIZE = 32


async def document(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    doc_id = request.path_params["doc_id"]

    def work(session):
        applicant = accounts.current_applicant(session=session, token=token)
        return applications.read_document(session=session, applicant=applicant, document_id=doc_id)

    try:  # database and disk work off the event loop
        doc, data = await in_unit_of_work(work)
    except PermissionDenied:
        text = t("permohonan.login_first", _lang_of(request))
        return Response(text, status_code=401, media_type="text/plain")
    except (NotFound, OSError, ValueError):
        text = t("permohonan.document_not_found", _lang_of(request))
        return Response(text, status_code=404, media_type="text/plain")
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


async def receipt(request: Request) -> Response:
    """Bukti Pendaftaran (PDF) of the caller's own submitted application."""
    token = request.cookies.get(SESSION_COOKIE, "")
    app_id = request.path_params["app_id"]

    def work(session):
        applicant = accounts.current_applicant(session=session, token=token)
        return receipts.receipt_for_owner(session=session, applicant=applicant, application_id=app_id)

    try:  # the PDF is drawn off the event loop
        filename, data = await in_unit_of_work(work)
    except PermissionDenied:
        return Response("Silakan login terlebih dahulu.", status_code=401, media_type="text/plain")
    except NotFound:
        return Response("Bukti pendaftaran tidak ditemukan.", status_code=404, media_type="text/plain")
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def captcha_audio(request: Request) -> Response:
    """The captcha's code spoken (WAV), for whoever cannot read the image. The link's token
    names the challenge (encrypted, authenticated, expiring); anything else is refused."""
    token = request.path_params["token"]
    answer = captcha.answer_of_token(token, get_settings().secret_key)
    if answer is None:
        return Response("Kode suara tidak berlaku. Ganti gambar captcha.", status_code=404, media_type="text/plain")
    data = _AUDIO_CACHE.get(token)
    if data is None:
        async with _AUDIO_RENDERS:
            data = await asyncio.to_thread(captcha.render_wav, answer)
        _AUDIO_CACHE[token] = data
        while len(_AUDIO_CACHE) > _AUDIO_CACHE_SIZE:
            _AUDIO_CACHE.popitem(last=False)
    return Response(
        data,
        media_type="audio/wav",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


def _lang_of(request: Request) -> str:
    """The tab's language (the cookie LangState keeps)."""
    return normalize_lang(request.cookies.get(LANG_COOKIE, ""))


async def upload(request: Request) -> JSONResponse:
    """Raw-body upload of one requirement's document (the browser sends the file as is);
    its message is in the tab's language."""
    lang = _lang_of(request)
    if request.headers.get("x-requested-with") != "spontan":  # plus SameSite=strict cookie: no CSRF
        return JSONResponse({"ok": False, "message": t("permohonan.upload_bad_request", lang)}, status_code=400)
    limit = applications.max_document_bytes()
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > limit:
            return JSONResponse(
                {"ok": False, "message": t("permohonan.file_too_big", lang, mb=limit // 1048576)}, status_code=413
            )
    token = request.cookies.get(SESSION_COOKIE, "")
    # Shown to staff: NFC, no control/bidi/invisible characters, no folders, ≤ 255 characters.
    filename = safe_filename(unquote(request.headers.get("x-file-name", "")[:4096]))
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
        return JSONResponse({"ok": False, "message": localize(exc.message, lang)}, status_code=401)
    except FieldErrors as exc:  # a refused file is an answer, not a failure of the request
        return JSONResponse({"ok": False, "message": localize(next(iter(exc.errors.values())), lang)})
    except DomainError as exc:
        return JSONResponse({"ok": False, "message": localize(exc.message, lang)})
    return JSONResponse({"ok": True, "message": "", "document_id": document.id})


api = Starlette(
    routes=[
        Route("/dokumen/{doc_id:int}", document),
        Route("/unggah/{app_id:int}/{req_id:int}", upload, methods=["POST"]),
        Route("/bukti/{app_id:int}", receipt),
        Route("/captcha/suara/{token}", captcha_audio),
    ]
)
