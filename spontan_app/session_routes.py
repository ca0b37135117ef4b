"""`/sesi/masuk` and `/sesi/keluar`: the only places a login cookie is set or cleared.

The cookie is HttpOnly (no script reads it), SameSite=Strict, Secure when the public URL
is https, and lives as long as the session's absolute lifetime; the idle timeout is the
database's. The page posts a one-time handoff code from the login handler here; the
websocket it opens next carries the cookie in its handshake, where the states read it.
Both routes answer only to a request from our own origin (no login CSRF)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spontan_app.admin.state import STAFF_COOKIE
from spontan_app.services import accounts, cookie_login, staff_sessions
from spontan_app.settings import get_settings
from spontan_app.state.auth import SESSION_COOKIE
from spontan_app.state.base import in_unit_of_work

MAX_BODY = 256  # a handoff code is 43 characters


def _same_origin(request: Request) -> bool:
    return request.headers.get("origin", "") in get_settings().allowed_origins


async def _small_body(request: Request) -> str | None:
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_BODY:
            return None
    return data.decode("utf-8", "replace").strip()


def _set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=get_settings().public_url.startswith("https://"),
        samesite="strict",
    )


async def sign_in(request: Request) -> Response:
    if not _same_origin(request):
        return JSONResponse({"ok": False, "lanjut": "/login"}, status_code=403)
    code = await _small_body(request)
    redeemed = await in_unit_of_work(lambda session: cookie_login.redeem_handoff(session=session, code=code))
    if redeemed is None:  # unknown, used or expired: log in again
        return JSONResponse({"ok": False, "lanjut": "/login"}, status_code=400)
    name, home = (STAFF_COOKIE, "/admin") if redeemed.staff else (SESSION_COOKIE, "/beranda")
    response = JSONResponse({"ok": True, "lanjut": home}, headers={"Cache-Control": "no-store"})
    _set_cookie(response, name, redeemed.token, int(redeemed.lifetime.total_seconds()))
    return response


async def sign_out(request: Request) -> Response:
    if not _same_origin(request):
        return JSONResponse({"ok": False}, status_code=403)
    kind = await _small_body(request)
    staff = kind == "petugas"
    name = STAFF_COOKIE if staff else SESSION_COOKIE
    token = request.cookies.get(name, "")
    end = staff_sessions.logout if staff else accounts.logout
    await in_unit_of_work(lambda session: end(session=session, token=token))
    home = "/admin/login" if staff else "/"
    response = JSONResponse({"ok": True, "lanjut": home}, headers={"Cache-Control": "no-store"})
    _set_cookie(response, name, "", 0)
    return response


routes = [
    Route("/sesi/masuk", sign_in, methods=["POST"]),
    Route("/sesi/keluar", sign_out, methods=["POST"]),
]
