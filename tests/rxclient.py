"""A client for Reflex 0.10's socket.io event protocol, speaking to a running app as the
browser does — for attack tests (forged events, any handler, any arguments) and for the
load generator in bench/.

What the browser does, read from Reflex's ``state.js`` and ``app.py`` (0.10.1):

- It opens a socket.io connection on namespace ``/_event`` at path ``/_event`` with the
  query ``?token=<client token>`` (the tab's id, chosen by the browser), websocket only.
  Cookies and ``Origin`` go with the handshake like any HTTP request.
- The first event rides in the CONNECT packet (``auth={"event": …}``):
  ``reflex___state____state.hydrate_and_load`` with the page's ``router_data``
  (``pathname``, ``asPath``, ``query``) and, when the browser holds cookie or local-storage
  vars, ``payload={"vars": {"<full state name>.<var>_rx_state_": value}}``.
- Every later event is ``emit("event", {"name", "payload", "router_data"})``; ``name`` is
  ``<full state path>.<handler>``, e.g. ``reflex___state____state.spontan_app___state___auth
  ____auth_state.spontan_app___state___lacak____lacak_state.submit``. The token is not
  in the event: the server knows it from the connection.
- A client-side navigation sends ``reflex___state____state.reflex___state____on_load
  _internal_state.on_load_internal`` with the new page's ``router_data``.
- The server answers with ``event`` frames ``{"delta": {state name: {var_rx_state_:
  value}}, "events": [frontend events such as _redirect, _call_script, toasts]}``. There
  is no "done" marker (``StateUpdate.final`` is gone since 0.9), and an event that changes
  nothing gets no frame at all; so a call is complete when a predicate on the frames holds
  (``until=``) or when no frame has come for ``settle`` seconds. Its latency is measured
  to the last frame, never to the end of the quiet wait.

Use ``RxClient`` (synchronous, its own event loop in a thread) in tests and
``AsyncRxClient`` (asyncio) for many simulated users in one process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import socketio

FIELD_MARKER = "_rx_state_"  # reflex_base.constants.state.FIELD_MARKER
ROOT_STATE = "reflex___state____state"
HYDRATE_AND_LOAD = f"{ROOT_STATE}.hydrate_and_load"
ON_LOAD_INTERNAL = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
UPDATE_VARS_INTERNAL = f"{ROOT_STATE}.reflex___state____update_vars_internal_state.update_vars_internal"
EVENT_PATH = "/_event"

Delta = dict[str, dict[str, Any]]


def state_name(state: type | str) -> str:
    """The full (dotted) name of a state class as it appears in event names and deltas."""
    if isinstance(state, str):
        return state
    return state.get_full_name()


def full_handler_name(state: type | str, handler: str) -> str:
    """The event name the browser sends for ``state.handler`` (checked when given a class)."""
    if not isinstance(state, str) and handler not in state.event_handlers:
        raise KeyError(f"{state.__name__} has no event handler {handler!r}")
    return f"{state_name(state)}.{handler}"


def var_key(state: type | str, var: str) -> str:
    """A var's fully qualified name, as used for client storage in hydrate payloads."""
    return f"{state_name(state)}.{var}{FIELD_MARKER}"


def var_value(deltas: Iterable[Mapping[str, Any]], state: type | str, var: str, default: Any = None) -> Any:
    """The last value ``deltas`` (a list of delta dicts, oldest first) gave ``state.var``."""
    name, key = state_name(state), var + FIELD_MARKER
    value = default
    for delta in deltas:
        if key in delta.get(name, {}):
            value = delta[name][key]
    return value


def has_var(deltas: Iterable[Mapping[str, Any]], state: type | str, var: str) -> bool:
    name, key = state_name(state), var + FIELD_MARKER
    return any(key in delta.get(name, {}) for delta in deltas)


def router_data(path: str) -> dict[str, Any]:
    """``router_data`` as the browser builds it for ``path`` (``/lacak?nomor=1``)."""
    parts = urlsplit(path)
    data: dict[str, Any] = {"pathname": parts.path or "/", "asPath": path}
    query = dict(parse_qsl(parts.query))
    if query:
        data["query"] = query
    return data


def new_token() -> str:
    """A client token like the browser's (a uuid4)."""
    return str(uuid.uuid4())


@dataclass(eq=False, repr=False)
class Reply(list):
    """The delta dicts one event brought back (a list), with the frontend events and timing."""

    name: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    first_s: float | None = None  # send -> first frame
    latency_s: float | None = None  # send -> last frame (or the frame that satisfied ``until``)
    timed_out: bool = False

    def __post_init__(self) -> None:
        list.__init__(self)

    def value(self, state: type | str, var: str, default: Any = None) -> Any:
        return var_value(self, state, var, default)

    def has(self, state: type | str, var: str) -> bool:
        return has_var(self, state, var)

    def event_names(self) -> list[str]:
        return [event.get("name", "") for event in self.events]

    def redirect_path(self) -> str | None:
        for event in self.events:
            if event.get("name") == "_redirect":
                return (event.get("payload") or {}).get("path")
        return None


@dataclass(frozen=True)
class Timing:
    name: str
    latency_s: float | None
    frames: int
    timed_out: bool


class RxProtocolError(RuntimeError):
    pass


def _event_url(base_url: str, token: str) -> str:
    parts = urlsplit(base_url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}{EVENT_PATH}?{urlencode({'token': token})}"


class AsyncRxClient:
    """One browser tab: one token, one socket. Not safe for concurrent ``call``s (a tab's
    events are answered in order, and replies carry no event id)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        cookies: Mapping[str, str] | None = None,
        origin: str | None = None,
        headers: Mapping[str, str] | None = None,
        client_storage: Mapping[str, Any] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token or new_token()
        self.cookies = dict(cookies or {})
        self.origin = origin
        self.extra_headers = dict(headers or {})
        self.client_storage = dict(client_storage or {})
        self.path = "/"
        self.state: Delta = {}  # every var the server sent, merged: the browser's view
        self.timings: list[Timing] = []
        self.errors: list[str] = []
        self._frames: asyncio.Queue[tuple[float, dict[str, Any]]] | None = None
        self._sio: socketio.AsyncClient | None = None

    # -- connection --------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = dict(self.extra_headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.origin:
            headers["Origin"] = self.origin
        return headers

    def _boot_event(self, path: str) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        if self.client_storage:
            payload["vars"] = dict(self.client_storage)
        return {"name": HYDRATE_AND_LOAD, "payload": payload, "router_data": router_data(path)}

    async def connect(
        self,
        path: str = "/",
        *,
        hydrate: bool = True,
        settle: float = 0.3,
        timeout: float = 30.0,
        until: Callable[[Reply], bool] | None = None,
    ) -> Reply:
        """Open the socket as the browser does on page load of ``path``; with ``hydrate`` the
        boot event rides in the CONNECT packet and its frames are returned."""
        self._frames = asyncio.Queue()
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)

        @sio.on("event", namespace=EVENT_PATH)
        async def on_event(update: dict[str, Any]) -> None:
            assert self._frames is not None
            self._frames.put_nowait((time.perf_counter(), update))

        @sio.on("new_token", namespace=EVENT_PATH)
        async def on_new_token(token: str) -> None:
            self.token = token

        self._sio = sio
        self.path = path
        auth = {"event": self._boot_event(path)} if hydrate else None
        sent = time.perf_counter()
        await sio.connect(
            _event_url(self.base_url, self.token),
            headers=self._headers(),
            auth=auth,
            transports=["websocket"],
            namespaces=[EVENT_PATH],
            socketio_path=EVENT_PATH,
            wait_timeout=timeout,
        )
        if not hydrate:
            return Reply(name="connect")
        reply = await self._collect(HYDRATE_AND_LOAD, sent, settle=settle, timeout=timeout, until=until)
        await self._quiet(settle)
        return reply

    async def _quiet(self, settle: float) -> None:
        """Absorb the page load's trailing frames (with Redis, ``is_hydrated`` can come after
        the on_load's own), so they are not taken for the answer to the next event."""
        assert self._frames is not None
        while True:
            try:
                _, update = await asyncio.wait_for(self._frames.get(), settle)
            except TimeoutError:
                return
            self._apply(update)

    @property
    def connected(self) -> bool:
        return self._sio is not None and self._sio.connected

    async def close(self) -> None:
        if self._sio is not None:
            await self._sio.disconnect()
            self._sio = None

    async def __aenter__(self) -> AsyncRxClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # -- events ------------------------------------------------------------------------------

    async def call(
        self,
        name: str,
        payload: Mapping[str, Any] | None = None,
        *,
        router_path: str | None = None,
        settle: float = 0.3,
        timeout: float = 30.0,
        until: Callable[[Reply], bool] | None = None,
    ) -> Reply:
        """Send event ``name`` with ``payload`` from page ``router_path`` (default: the
        current page) and return the frames it brought back."""
        if self._sio is None or self._frames is None:
            raise RxProtocolError("not connected")
        self._drain()
        event = {
            "name": name,
            "payload": dict(payload or {}),
            "router_data": router_data(router_path or self.path),
        }
        sent = time.perf_counter()
        await self._sio.emit("event", event, namespace=EVENT_PATH)
        return await self._collect(name, sent, settle=settle, timeout=timeout, until=until)

    async def navigate(self, path: str, **kwargs: Any) -> Reply:
        """A client-side navigation to ``path``: the page's on_load events run."""
        self.path = path
        if self.client_storage:
            await self.call(UPDATE_VARS_INTERNAL, {"vars": dict(self.client_storage)}, settle=0.05)
        return await self.call(ON_LOAD_INTERNAL, {}, **kwargs)

    def _drain(self) -> None:
        """Frames that arrived between calls (a background task's) belong to no call."""
        assert self._frames is not None
        while not self._frames.empty():
            _, update = self._frames.get_nowait()
            self._apply(update)

    def _apply(self, update: dict[str, Any]) -> None:
        for name, changes in (update.get("delta") or {}).items():
            self.state.setdefault(name, {}).update(changes)

    async def _collect(
        self,
        name: str,
        sent: float,
        *,
        settle: float,
        timeout: float,
        until: Callable[[Reply], bool] | None,
    ) -> Reply:
        assert self._frames is not None
        reply = Reply(name=name)
        deadline = sent + timeout
        last = None
        while True:
            remaining = deadline - time.perf_counter()
            # Wait up to the deadline for the first frame (or for ``until``), then only
            # ``settle`` seconds for each further frame.
            wait = remaining if (last is None or until is not None) else min(settle, remaining)
            try:
                if wait <= 0:
                    raise TimeoutError
                at, update = await asyncio.wait_for(self._frames.get(), wait)
            except TimeoutError:
                reply.timed_out = last is None or until is not None
                break
            last = at
            if reply.first_s is None:
                reply.first_s = at - sent
            if update.get("delta"):
                reply.append(update["delta"])
            reply.events.extend(update.get("events") or [])
            self._apply(update)
            if until is not None and until(reply):
                break
        reply.latency_s = (last - sent) if last is not None else None
        self.timings.append(Timing(name, reply.latency_s, len(reply), reply.timed_out))
        return reply

    def value(self, state: type | str, var: str, default: Any = None) -> Any:
        """The browser's current value of ``state.var`` (all frames so far, merged)."""
        return self.state.get(state_name(state), {}).get(var + FIELD_MARKER, default)


def _bound(kwargs: Mapping[str, Any]) -> float:
    """The longest a blocking call may take: its own timeout plus room to connect/settle."""
    return float(kwargs.get("timeout", 30.0)) + 60.0


class RxClient:
    """``AsyncRxClient`` for synchronous code: the socket lives on an event loop in a
    background thread; every method blocks until its answer is in."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="rxclient", daemon=True)
        self._thread.start()
        self._client = AsyncRxClient(base_url, **kwargs)

    def _run(self, coro: Any, timeout: float = 120.0) -> Any:
        """Wait for ``coro`` on the socket's loop, never longer than ``timeout``: a socket
        stuck under a killed server fails the test instead of hanging the suite."""
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"no answer within {timeout:.0f} s") from None

    @property
    def token(self) -> str:
        return self._client.token

    @property
    def timings(self) -> list[Timing]:
        return self._client.timings

    @property
    def state(self) -> Delta:
        return self._client.state

    @property
    def connected(self) -> bool:
        return self._client.connected

    def connect(self, path: str = "/", **kwargs: Any) -> Reply:
        return self._run(self._client.connect(path, **kwargs), _bound(kwargs))

    def call(self, name: str, payload: Mapping[str, Any] | None = None, **kwargs: Any) -> Reply:
        return self._run(self._client.call(name, payload, **kwargs), _bound(kwargs))

    def navigate(self, path: str, **kwargs: Any) -> Reply:
        return self._run(self._client.navigate(path, **kwargs), 2 * _bound(kwargs))

    def value(self, state: type | str, var: str, default: Any = None) -> Any:
        return self._client.value(state, var, default)

    def close(self) -> None:
        try:
            self._run(self._client.close(), 30.0)
        except TimeoutError:
            pass  # the socket is gone either way; its loop stops below
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()

    def __enter__(self) -> RxClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


__all__ = [
    "AsyncRxClient",
    "Reply",
    "RxClient",
    "RxProtocolError",
    "Timing",
    "full_handler_name",
    "has_var",
    "new_token",
    "router_data",
    "state_name",
    "var_key",
    "var_value",
]
