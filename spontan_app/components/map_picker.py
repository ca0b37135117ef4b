"""react-leaflet wrapped as a Reflex component (OpenStreetMap tiles, Balikpapan)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from spontan_app.domain.validation import BALIKPAPAN_CENTER


def _pick_spec(lat: Var[float], lng: Var[float]) -> tuple[Var[float], Var[float]]:
    return lat, lng


class MapPicker(rx.NoSSRComponent):
    library = rx.asset("map_picker.jsx", shared=True).importable_path
    tag = "MapPicker"
    is_default = True
    lib_dependencies: list[str] = ["react-leaflet@5.0.0", "leaflet@1.9.4"]

    lat: Var[float | None]
    lng: Var[float | None]
    center_lat: Var[float]
    center_lng: Var[float]
    zoom: Var[int]
    tile_url: Var[str]
    failed_text: Var[str]  # shown when the tiles cannot load (tr() from the page)

    on_pick: rx.EventHandler[_pick_spec]


def map_picker(lat: Var, lng: Var, tile_url: str, on_pick, **props) -> rx.Component:
    return MapPicker.create(
        lat=lat,
        lng=lng,
        center_lat=BALIKPAPAN_CENTER[0],
        center_lng=BALIKPAPAN_CENTER[1],
        zoom=13,
        tile_url=tile_url,
        on_pick=on_pick,
        **props,
    )
