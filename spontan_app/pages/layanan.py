"""`/layanan` (searchable izin catalogue by bidang) and `/layanan/[code]` (one izin: what it
asks for, how long, how much, on what legal basis, through which desks)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.components.nav import public_or_user_links, public_page
from spontan_app.state.layanan import LayananDetailState, LayananListState


def _izin_link(item: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.text(item["name"].to(str), weight="bold", size="3"),
                rx.flex(
                    rx.badge(item["layanan"].to(str), variant="soft"),
                    rx.badge(
                        tr("public.layanan.working_days", days=item["processing_days"].to_string()), variant="surface"
                    ),
                    rx.badge(item["cost"].to(str), variant="surface", color_scheme="green"),
                    wrap="wrap",
                    gap="2",
                ),
                spacing="2",
                align="start",
            ),
            width="100%",
            class_name="choice-card",
        ),
        href="/layanan/" + item["code"].to(str),
        underline="none",
        color="inherit",
        width="100%",
    )


def _group(group: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.heading(group["name"].to(str), as_="h2", size="5", id="bidang-" + group["code"].to(str)),
        rx.text(group["description"].to(str), size="2", color_scheme="gray"),
        rx.grid(
            rx.foreach(group["izin"].to(list[dict]), _izin_link),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
        margin_top="1rem",
    )


@public_page(route="/layanan", title="title.layanan", on_load=LayananListState.load, header_right=public_or_user_links)
def layanan() -> rx.Component:
    S = LayananListState
    return rx.vstack(
        rx.heading(tr("public.layanan.heading"), as_="h1", size="7"),
        rx.text(
            tr("public.layanan.lead"),
            size="3",
            color_scheme="gray",
        ),
        rx.box(
            rx.el.label(tr("public.layanan.search_label"), html_for="cari-izin", class_name="field-label"),
            rx.input(
                id="cari-izin",
                default_value=S.query,
                placeholder=tr("public.layanan.search_placeholder"),
                on_change=S.search.debounce(300),
                width="100%",
                max_width="420px",
            ),
            width="100%",
        ),
        rx.hstack(
            rx.text(tr("public.layanan.found", count=S.total.to_string()), size="2", role="status"),
            rx.cond(
                S.bidang != "",
                rx.button(tr("public.layanan.all_bidang"), size="1", variant="soft", on_click=S.all_bidang),
            ),
            align="center",
            spacing="3",
        ),
        rx.foreach(S.groups, _group),
        rx.cond(
            S.total == 0,
            rx.card(rx.text(tr("public.layanan.none"), color_scheme="gray"), width="100%"),
        ),
        spacing="3",
        width="100%",
    )


def _kv(label: rx.Var, value) -> rx.Component:
    return rx.fragment(rx.el.dt(label), rx.el.dd(value))


def _section(title: rx.Var, *children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, as_="h2", size="4"), *children, spacing="2", width="100%"), width="100%")


def _requirements() -> rx.Component:
    z = LayananDetailState.izin
    return _section(
        tr("public.layanan.requirements"),
        rx.el.ol(
            rx.foreach(
                z["requirements"].to(list[dict]),
                lambda r: rx.el.li(
                    rx.text(
                        rx.text.strong(r["name"].to(str)),
                        rx.cond(r["required"].to(bool), "", tr("public.layanan.optional")),
                        size="2",
                    ),
                    rx.cond(r["note"].to(str) != "", rx.text(r["note"].to(str), size="1", color_scheme="gray")),
                ),
            ),
            style={"paddingLeft": "1.4rem", "margin": 0, "listStyleType": "decimal"},
        ),
        rx.text(tr("public.layanan.upload_formats"), size="1", color_scheme="gray"),
    )


def _fields() -> rx.Component:
    z = LayananDetailState.izin
    return _section(
        tr("public.layanan.fields"),
        rx.el.ul(
            rx.foreach(
                z["fields"].to(list[dict]),
                lambda f: rx.el.li(
                    rx.text(
                        rx.text.strong(f["label"].to(str)),
                        " — ",
                        f["kind"].to(str),
                        rx.cond(f["required"].to(bool), tr("public.layanan.required"), tr("public.layanan.optional")),
                        size="2",
                    ),
                    rx.cond(
                        f["help_text"].to(str) != "", rx.text(f["help_text"].to(str), size="1", color_scheme="gray")
                    ),
                ),
            ),
            style={"paddingLeft": "1.4rem", "margin": 0, "listStyleType": "disc"},
        ),
        rx.cond(z["needs_location"].to(bool), rx.text(tr("public.layanan.needs_location"), size="2")),
        rx.cond(z["needs_faskes"].to(bool), rx.text(tr("public.layanan.needs_faskes"), size="2")),
    )


def _desks() -> rx.Component:
    z = LayananDetailState.izin
    return _section(
        tr("public.layanan.desks"),
        rx.el.ol(
            rx.foreach(
                z["desks"].to(list[dict]),
                lambda d: rx.el.li(rx.text(rx.text.strong(d["desk"].to(str)), " — ", d["stage"].to(str), size="2")),
            ),
            style={"paddingLeft": "1.4rem", "margin": 0, "listStyleType": "decimal"},
        ),
    )


@public_page(
    route="/layanan/[code]",
    title="title.layanan_detail",
    on_load=LayananDetailState.load,
    header_right=public_or_user_links,
)
def layanan_detail() -> rx.Component:
    S = LayananDetailState
    z = S.izin
    return rx.vstack(
        rx.link(tr("public.layanan.back"), href="/layanan", size="2"),
        rx.cond(
            S.found,
            rx.vstack(
                rx.badge(z["bidang"].to(str), variant="soft", size="2"),
                rx.heading(z["name"].to(str), as_="h1", size="7"),
                rx.text(z["description"].to(str), size="3", color_scheme="gray"),
                rx.card(
                    rx.el.dl(
                        _kv(tr("public.layanan.code"), z["code"].to(str)),
                        _kv(tr("public.layanan.kind"), z["layanan"].to(str)),
                        _kv(
                            tr("public.layanan.duration"),
                            tr("public.layanan.working_days", days=z["processing_days"].to_string()),
                        ),
                        _kv(tr("public.layanan.cost"), z["cost"].to(str)),
                        _kv(tr("public.layanan.validity"), z["validity"].to(str)),
                        _kv(tr("public.layanan.legal_basis"), z["legal_basis"].to(str)),
                        class_name="kv",
                    ),
                    width="100%",
                ),
                rx.button(
                    rx.icon("file-plus", size=18, aria_hidden="true"),
                    tr("public.layanan.apply"),
                    size="3",
                    on_click=S.start,
                ),
                rx.grid(
                    _requirements(),
                    _fields(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                _desks(),
                spacing="3",
                width="100%",
                align="start",
            ),
            rx.card(
                rx.heading(tr("public.layanan.not_found_heading"), as_="h1", size="5"),
                rx.text(tr("public.layanan.not_found_text"), color_scheme="gray"),
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )
