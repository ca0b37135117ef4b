"""State tests: real Reflex state classes, handlers called as the framework would."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import reflex as rx


def make_state(state_cls: type[rx.State]) -> Any:
    """A fresh state tree (as for a new browser tab) and the instance of ``state_cls`` in it."""
    root = rx.State(_reflex_internal_init=True)
    return root.get_substate(state_cls.get_full_name().split(".")[1:])


async def run(handler: Any, *args: Any) -> list[Any]:
    """Call a bound handler; drain it when it is a generator. Returns the events it yielded."""
    result = handler(*args)
    events: list[Any] = []
    if inspect.isasyncgen(result):
        async for event in result:
            events.append(event)
    elif inspect.isgenerator(result):
        events.extend(result)
    elif inspect.iscoroutine(result):
        value = await result
        if value is not None:
            events.append(value)
    elif result is not None:
        events.append(result)
    return events


@pytest.fixture
def state_of(session):
    """``state_of(SomeState)`` on the seeded test database."""
    return make_state


def with_cookie(state: Any, name: str, value: str) -> Any:
    """The browser's cookie as the websocket handshake carries it (the states read login
    tokens from there, never from a var the page could set)."""
    from reflex.istate.data import RouterData

    state.router = RouterData.from_router_data({"headers": {"cookie": f"{name}={value}"}})
    return state


def logged_in(state: Any, token: str) -> Any:
    return with_cookie(state, "spontan_session", token)


def staff_logged_in(state: Any, token: str) -> Any:
    return with_cookie(state, "spontan_staff", token)


def handoff_of(events: list[Any]) -> str:
    """The one-time code a login answer hands to the page for /sesi/masuk."""
    import re

    for event in events:
        text = str(event)
        found = re.search(r'body:\\?"([A-Za-z0-9_\-]{20,})\\?"', text)
        if found:
            return found.group(1)
    raise AssertionError(f"no cookie handoff in {events!r}")
