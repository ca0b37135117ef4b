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
    # The texts the browser shows itself, in the tab's language (tr() from the page):
    progress_label: Var[str]  # the progress bar's accessible name
    too_big_text: Var[str]  # a file over max_bytes, refused before sending
    failed_text: Var[str]  # the server answered without a message
    offline_text: Var[str]  # the connection dropped

    on_result: rx.EventHandler[_result_spec]


document_input = DocumentInput.create
