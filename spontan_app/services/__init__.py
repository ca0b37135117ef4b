"""Use cases. Functions take a keyword-only ``session`` and raise domain errors.

Every ownership and role check lives here: a Reflex event handler can be called by
any browser with any arguments, so the UI is never trusted to have checked.
"""
