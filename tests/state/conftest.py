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
