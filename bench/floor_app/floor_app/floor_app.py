"""One page, one State, one event that does nothing but answer (a counter, so the reply
carries a delta the load generator can wait for)."""

import reflex as rx


class FloorState(rx.State):
    count: int = 0

    @rx.event
    def noop(self) -> None:
        self.count += 1


def index() -> rx.Component:
    return rx.el.div(rx.el.button("noop", on_click=FloorState.noop), rx.el.span(FloorState.count))


app = rx.App()
app.add_page(index, route="/")
