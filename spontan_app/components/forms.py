"""Form building blocks. Every control has a real ``<label for>`` equal to its contract
label, an error line beside it (``aria-invalid`` + ``aria-describedby``), and keeps what
was typed when the server rejects a value (inputs are uncontrolled inside ``rx.form``)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from spontan_app.components.i18n import tr

Label = str | Var  # a literal or tr("area.key")


def _error_text(error: Var, control_id: str) -> rx.Component:
    return rx.cond(
        error != "",
        rx.text(
            rx.icon("circle-alert", size=14, aria_hidden="true"),
            " ",
            error,
            id=f"{control_id}-error",
            role="alert",
            size="2",
            color_scheme="red",
            display="flex",
            align_items="center",
            gap="4px",
        ),
    )


def _label(text: Label, control_id: str, required: bool) -> rx.Component:
    # The asterisk sits outside <label> so the accessible name is exactly the label text.
    return rx.el.div(
        rx.el.label(text, html_for=control_id, class_name="field-label"),
        rx.el.span("*", aria_hidden="true", class_name="required-mark") if required else rx.fragment(),
        class_name="label-row",
    )


def text_field(
    label: Label,
    name: str,
    errors: Var,
    *,
    type: str = "text",
    hint: str | Var | None = None,
    required: bool = True,
    default_value: Any = None,
    autocomplete: str | None = None,
    input_mode: str | None = None,
    max_length: int | None = None,
    textarea: bool = False,
    read_only: bool = False,
    **props: Any,
) -> rx.Component:
    error = errors.get(name, "")
    attrs: dict[str, Any] = {
        "id": name,
        "name": name,
        "aria_invalid": rx.cond(error != "", "true", "false"),
        "aria_describedby": f"{name}-hint {name}-error",
        "aria_required": "true" if required else "false",
        **props,
    }
    if default_value is not None:
        attrs["default_value"] = default_value
    if autocomplete:
        attrs["auto_complete"] = autocomplete
    if input_mode:
        attrs["input_mode"] = input_mode
    if max_length:
        attrs["max_length"] = max_length
    if read_only:
        attrs["read_only"] = True
    control = rx.text_area(**attrs, rows="3", width="100%") if textarea else rx.input(type=type, **attrs, width="100%")
    return rx.box(
        _label(label, name, required),
        control,
        rx.text(hint, id=f"{name}-hint", size="1", color_scheme="gray") if hint is not None else rx.fragment(),
        _error_text(error, name),
        class_name="field",
    )


def select_field(
    label: Label,
    name: str,
    errors: Var,
    options: list[tuple[str, str]] | Var,
    *,
    placeholder: Label | None = None,
    required: bool = True,
    value: Var | str | None = None,
    on_change: Any = None,
    hint: Label | None = None,
    grouped: bool = False,
) -> rx.Component:
    """A native <select>: reliable on phones and with screen readers. With ``grouped``,
    ``options`` is a list of (group label, options) shown as <optgroup>s."""
    error = errors.get(name, "")
    if placeholder is None:
        placeholder = tr("accounts.form_choose")
    if grouped:
        items = rx.foreach(
            options,
            lambda g: rx.el.optgroup(rx.foreach(g[1], lambda o: rx.el.option(o[1], value=o[0])), label=g[0]),
        )
    elif isinstance(options, Var):
        items = rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))
    else:
        items = [rx.el.option(text, value=val) for val, text in options]
    attrs: dict[str, Any] = {
        "id": name,
        "name": name,
        "class_name": "native-select",
        "aria_invalid": rx.cond(error != "", "true", "false"),
        "aria_describedby": f"{name}-error",
    }
    if value is not None:
        attrs["value"] = value
    if on_change is not None:
        attrs["on_change"] = on_change
    return rx.box(
        _label(label, name, required),
        rx.el.select(rx.el.option(placeholder, value=""), items, **attrs),
        rx.text(hint, size="1", color_scheme="gray") if hint is not None else rx.fragment(),
        _error_text(error, name),
        class_name="field",
    )


def choice_field(
    legend: Label,
    name: str,
    errors: Var,
    choices: list[tuple[str, Label]],
    *,
    value: Var | str | None = None,
    on_change: Any = None,
    default: str | None = None,
) -> rx.Component:
    """Radio buttons in a fieldset; each choice is labelled with its visible text."""
    error = errors.get(name, "")

    def radio(val: str, text: Label) -> rx.Component:
        attrs: dict[str, Any] = {"type": "radio", "id": f"{name}-{val}", "name": name, "value": val}
        if value is not None:
            # Uncontrolled: the tap shows at once; the server only hears of it.
            attrs["default_checked"] = value == val
            attrs["on_change"] = on_change(val) if on_change is not None else None
        elif default == val:
            attrs["default_checked"] = True
        return rx.el.label(
            rx.el.input(**{k: v for k, v in attrs.items() if v is not None}),
            text,
            html_for=f"{name}-{val}",
            class_name="choice",
        )

    return rx.el.fieldset(
        rx.el.legend(
            legend, " ", rx.el.span("*", aria_hidden="true", class_name="required-mark"), class_name="field-label"
        ),
        rx.flex(*[radio(v, t) for v, t in choices], wrap="wrap", spacing="2"),
        _error_text(error, name),
        class_name="field",
        aria_describedby=f"{name}-error",
    )


def form_alert(message: Var, color: str = "red", id: str | None = None) -> rx.Component:
    """A message about the whole form; ``id`` lets a handler move the focus to it."""
    return rx.cond(
        message != "",
        rx.callout(
            message,
            icon="info" if color != "red" else "triangle-alert",
            color_scheme=color,
            role="alert" if color == "red" else "status",
            width="100%",
            **({"id": id, "tab_index": -1} if id else {}),
        ),
    )


def captcha_field(
    image: Var, errors: Var, on_refresh: Any, nonce: Var | None = None, audio: Var | None = None
) -> rx.Component:
    """The captcha drawn by our server, a refresh button, the same code spoken (``audio``:
    a link to /captcha/suara/…) and the ``Kode Unik`` input."""
    listen = (
        rx.el.div(
            rx.el.span(tr("accounts.captcha_listen"), id="dengarkan-kode", class_name="field-label"),
            rx.el.audio(
                controls=True,
                preload="none",
                src=audio,
                aria_labelledby="dengarkan-kode",
                class_name="captcha-audio",
                key=nonce,
            ),
            class_name="captcha-listen",
        )
        if audio is not None
        else rx.fragment()
    )
    return rx.box(
        rx.hstack(
            rx.image(
                src=image,
                alt=tr("accounts.captcha_alt"),
                width="180px",
                height="56px",
                border_radius="6px",
                border="1px solid var(--gray-a6)",
            ),
            rx.icon_button(
                rx.icon("refresh-cw", size=18),
                type="button",
                variant="soft",
                on_click=on_refresh,
                aria_label=tr("accounts.captcha_refresh_label"),
                title=tr("accounts.captcha_refresh_title"),
            ),
            align="center",
            spacing="2",
        ),
        text_field(
            tr("accounts.captcha_label"),
            "captcha",
            errors,
            hint=tr("accounts.captcha_hint"),
            autocomplete="off",
            max_length=10,
            input_mode="numeric",
            auto_capitalize="characters",
            spell_check=False,
            key=nonce,
        ),
        listen,  # after the input: the player's own controls are several tab stops
        width="100%",
    )


def submit_button(label: Label, loading: Var | bool = False, **props: Any) -> rx.Component:
    return rx.button(label, type="submit", loading=loading, size="3", width="100%", **props)


def card_form(
    title: Label, *children: rx.Component, subtitle: Label | None = None, max_width: str = "560px"
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(title, as_="h1", size="6"),
            rx.text(subtitle, color_scheme="gray", size="2") if subtitle is not None else rx.fragment(),
            *children,
            spacing="4",
            width="100%",
        ),
        width="100%",
        max_width=max_width,
        margin_x="auto",
        size=rx.breakpoints(initial="2", sm="3"),
    )


def server_form(*children: rx.Component, on_submit: Any, spacing: str = "4", **props: Any) -> rx.Component:
    """A form checked on the server: its inputs keep what was typed when the server answers
    with errors (no reset on submit), laid out as one column."""
    return rx.form(
        rx.vstack(*children, spacing=spacing, width="100%"),
        on_submit=on_submit,
        reset_on_submit=False,
        **{"width": "100%", **props},
    )


def _summary_box(title: Label, items: rx.Component, key: Var) -> rx.Component:
    return rx.el.div(
        rx.el.h2(title, id="error-summary-title"),
        rx.el.ul(items),
        class_name="error-summary",
        id="error-summary",
        role="alert",
        tab_index=-1,
        aria_labelledby="error-summary-title",
        data_error_summary="true",
        key=key,  # a new set of errors is a new summary: it takes the focus again
    )


def error_summary(items: Var, title: Label | None = None) -> rx.Component:
    """GOV.UK error summary at the top of a form after a failed submit: one link per error
    that moves focus to its field (assets/spontan.js), and it takes the focus when it appears
    after a submit. ``items`` is a list of ``[field_id, text]`` pairs."""
    return rx.cond(
        items.length() > 0,
        _summary_box(
            title if title is not None else tr("accounts.error_summary_title"),
            rx.foreach(items, lambda item: rx.el.li(rx.el.a(item[1], href="#" + item[0]))),
            items.to_string(),
        ),
    )


def field_error_summary(errors: Var, field_ids: list[str], title: Label | None = None) -> rx.Component:
    """The summary for a form with fixed fields, in the order of ``field_ids`` (the order on
    screen). The messages name their field ("NIK wajib diisi."), so they stand alone."""
    return rx.cond(
        errors.length() > 0,
        _summary_box(
            title if title is not None else tr("accounts.error_summary_title"),
            rx.fragment(
                *[
                    rx.cond(errors.contains(key), rx.el.li(rx.el.a(errors.get(key, ""), href=f"#{key}")))
                    for key in field_ids
                ]
            ),
            errors.to_string(),
        ),
    )
