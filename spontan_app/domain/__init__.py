"""Pure domain layer: tables, enums, rules. Knows nothing of Reflex or HTTP."""
