"""Thin Reflex states: they call services and hold ids and view data, nothing secret."""
