"""`/admin/libur`: Hari Libur — the holidays of a year. Due dates are counted in working
days, so every change tells how many open files got a new Tanggal Perkiraan Jadi."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import confirm_dialog, denied_callout, denied_message, table
from spontan_app.components.forms import form_alert, text_field
from spontan_app.components.i18n import tr
from spontan_app.domain.timefmt import today_wita
from spontan_app.i18n import format_date, t
from spontan_app.services.admin import holidays
from spontan_app.state.base import HandlerMixin


def _this_year() -> int:
    return today_wita().year


class LiburState(HandlerMixin, StaffState):
    denied: str = ""
    year: int = 0
    rows: list[dict] = []
    info: str = ""
    form_key: int = 0
    remove_id: int = 0
    remove_text: str = ""

    @rx.var
    def years(self) -> list[str]:
        now = _this_year()
        return [str(y) for y in sorted({now - 1, now, now + 1, now + 2, self.year or now})]

    async def _reload(self):
        result = await self._run(holidays.list_holidays, year=self.year, keep_errors=True)
        self.denied = denied_message(result.error)
        if not result.ok:
            self.rows = []
            return result.events
        self.rows = [
            {
                **asdict(h),
                "day": h.day.isoformat(),
                "day_text": format_date(h.day, self.lang),
                "weekday": t(f"backoffice.weekday_{h.day.weekday()}", self.lang),
            }
            for h in result.value
        ]
        return None

    @rx.event
    async def load(self):
        self.year, self.info, self.remove_id = _this_year(), "", 0
        self.errors, self.form_error = {}, ""
        return await self._reload()

    @rx.event
    async def choose_year(self, value: str):
        self.year = int(value) if value.isdigit() else _this_year()
        self.info = ""
        return await self._reload()

    def _changed(self, change, key: str) -> None:
        h = change.holiday
        day = format_date(h.day, self.lang)
        self.info = t(key, self.lang, day=day, name=h.name, count=change.files_changed)

    @rx.event
    async def add(self, form: dict):
        self.info = ""
        result = await self._run(holidays.add_holiday, day=form.get("day") or "", name=form.get("name") or "")
        if not result.ok:
            return result.events
        self._changed(result.value, "backoffice.libur_added")
        self.year, self.form_key = result.value.holiday.day.year, self.form_key + 1
        return await self._reload()

    @rx.event
    def ask_remove(self, holiday_id: int, text: str) -> None:
        self.remove_id, self.remove_text = int(holiday_id), t("backoffice.libur_ask_remove", self.lang, text=text)

    @rx.event
    def dialog_open(self, open_: bool) -> None:
        if not open_:
            self.remove_id = 0

    @rx.event
    async def remove(self):
        holiday_id, self.remove_id, self.info = self.remove_id, 0, ""
        if not holiday_id:
            return None
        result = await self._run(holidays.remove_holiday, holiday_id=holiday_id)
        if not result.ok:
            return result.events or await self._reload()
        self._changed(result.value, "backoffice.libur_removed")
        return await self._reload()


def _row(h: rx.Var) -> rx.Component:
    text = h["day_text"].to(str) + " (" + h["name"].to(str) + ")"
    return rx.table.row(
        rx.table.cell(h["day_text"], white_space="nowrap"),
        rx.table.cell(h["weekday"]),
        rx.table.cell(h["name"]),
        rx.table.cell(
            rx.button(
                tr("backoffice.remove"),
                size="1",
                color_scheme="red",
                variant="soft",
                on_click=LiburState.ask_remove(h["id"], text),
                aria_label=tr("backoffice.libur_remove_named", day=h["day_text"].to(str)),
            ),
            text_align="right",
        ),
    )


def _add_form() -> rx.Component:
    S = LiburState
    return rx.form(
        rx.flex(
            rx.box(
                text_field(
                    tr("backoffice.libur_date"),
                    "day",
                    S.errors,
                    placeholder=tr("backoffice.libur_date_placeholder"),
                    hint=tr("backoffice.libur_date_hint"),
                    input_mode="numeric",
                    max_length=10,
                ),
                width="200px",
            ),
            rx.box(
                text_field(tr("backoffice.libur_note"), "name", S.errors, max_length=150), flex="1", min_width="240px"
            ),
            rx.button(rx.icon("plus", size=16), tr("backoffice.add"), type="submit", margin_top="24px"),
            spacing="3",
            align="start",
            wrap="wrap",
            width="100%",
        ),
        on_submit=S.add,
        reset_on_submit=False,
        key=S.form_key.to_string(),
        width="100%",
    )


def _year_picker() -> rx.Component:
    S = LiburState
    return rx.hstack(
        rx.el.label(tr("backoffice.libur_year"), html_for="year", class_name="field-label"),
        rx.el.select(
            rx.foreach(S.years, lambda y: rx.el.option(y, value=y)),
            id="year",
            value=S.year.to_string(),
            on_change=S.choose_year,
            class_name="native-select",
            width="110px",
        ),
        align="center",
        spacing="2",
    )


@admin_page(route="/admin/libur", title=t("backoffice.libur_title"), on_load=LiburState.load)
def libur() -> rx.Component:
    S = LiburState
    return rx.vstack(
        page_heading(
            tr("backoffice.libur_title"),
            subtitle=tr("backoffice.libur_subtitle"),
        ),
        denied_callout(S.denied),
        rx.cond(
            S.denied == "",
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.info, color="green"),
                panel(rx.heading(tr("backoffice.libur_add"), as_="h2", size="4"), _add_form()),
                panel(
                    rx.hstack(
                        rx.heading(tr("backoffice.libur_list", year=S.year.to_string()), as_="h2", size="4"),
                        rx.spacer(),
                        _year_picker(),
                        width="100%",
                        align="center",
                    ),
                    table(
                        [tr("backoffice.libur_date"), tr("backoffice.libur_weekday"), tr("backoffice.libur_note"), ""],
                        S.rows,
                        _row,
                    ),
                    rx.cond(
                        S.rows.length() == 0,
                        rx.text(tr("backoffice.libur_none"), size="2", color_scheme="gray"),
                    ),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        confirm_dialog(S.remove_id != 0, S.remove_text, S.remove, S.dialog_open),
        spacing="4",
        width="100%",
    )
