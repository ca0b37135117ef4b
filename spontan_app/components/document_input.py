"""A per-requirement file input that uploads to the private ``/unggah`` route with progress."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var


def _result_spec(ok: Var[bool], message: Var[str]) -> tuple[Var[bool], Var[str]]:
    return ok, message


class DocumentInput(rx.Component):
    library = rx.asset("document_input.jsx", shared=True).importable_path
    tag = "DocumentInput"
    is_default = True

    input_id: Var[str]
    label: Var[str]
    upload_url: Var[str]
    accept: Var[str]
    max_bytes: Var[int]
    button_text: Var[str]

    on_result: rx.EventHandler[_result_spec]


document_input = DocumentInput.create
