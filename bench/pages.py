"""Page weight and speed: the first load (empty cache) of a few pages in headless Chromium,
on a slow-phone profile and unthrottled (the baseline measured in the same run).

Slow profile through the DevTools protocol: Network.emulateNetworkConditions 1.6 Mbps down,
750 kbps up, 150 ms latency, and Emulation.setCPUThrottlingRate 4.

Per page: requests, bytes on the wire (compressed, headers included) split into JS / CSS /
other, uncompressed bytes, first contentful paint (PerformanceObserver 'paint') and the
"first working tap": the time from the start of navigation until a tap on a real control
shows its effect (the tap is repeated every 100 ms until it does: a control that is drawn
but not hydrated yet does nothing).

    python -m bench.pages --url http://127.0.0.1:3000     # a running app (its login too)
    python -m bench.pages --start                          # builds and serves the app itself
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("SPONTAN_CHROMIUM", "/usr/bin/chromium")
SLOW = {"down_kbps": 1600, "up_kbps": 750, "latency_ms": 150, "cpu": 4}
TARGET_JS_KB, TARGET_CSS_KB, TARGET_PAINT_MS, TARGET_TAP_MS = 300, 40, 1500, 2000
APPLICANT = {"username": "6471014109900001", "wa": "+6281299900001", "password": "bench-rahasia-1"}
CAPTCHA = "TEST42"


def _kind(resource_type: str, mime: str, url: str) -> str:
    if resource_type == "Script" or "javascript" in mime or url.split("?")[0].endswith((".js", ".mjs")):
        return "js"
    if resource_type == "Stylesheet" or "css" in mime:
        return "css"
    return "other"


# ----------------------------------------------------------------------- the taps


def _tap_until(page: Any, tap: Callable[[], None], done: Callable[[], bool], timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # not drawn yet (or detached by a re-render): again
            tap()
        step_end = time.monotonic() + 0.1
        while time.monotonic() < step_end:
            try:
                if done():
                    return True
            except Exception:
                pass
            page.wait_for_timeout(20)
    return False


def _captcha_tap(page: Any) -> tuple[Callable[[], None], Callable[[], bool]]:
    """Tap "Ganti gambar captcha": the image changes (a new code drawn by the server)."""
    state: dict[str, str | None] = {"src": None}
    image = page.get_by_alt_text("Gambar kode unik (captcha)")
    button = page.get_by_role("button", name="Ganti gambar captcha")

    def tap() -> None:
        src = image.get_attribute("src", timeout=100)
        if not src or src.endswith("/") or ("data:" not in src and "captcha" not in src):
            raise RuntimeError("no captcha yet")
        if state["src"] is None:
            state["src"] = src
        button.click(timeout=100, no_wait_after=True)

    def done() -> bool:
        src = image.get_attribute("src", timeout=50)
        return state["src"] is not None and bool(src) and src != state["src"]

    return tap, done


def _landing_tap(page: Any) -> tuple[Callable[[], None], Callable[[], bool]]:
    """Tap the "Login" link of the page: the login form shows."""
    link = page.get_by_role("main").get_by_role("link", name="Login", exact=True)

    def tap() -> None:
        if "/login" not in page.url:
            link.click(timeout=100, no_wait_after=True)

    def done() -> bool:
        return "/login" in page.url and page.get_by_label("Kode Unik").is_visible()

    return tap, done


def _wizard_tap(page: Any) -> tuple[Callable[[], None], Callable[[], bool]]:
    """Tap the bidang "Kesehatan": its services (Izin Baru) show."""

    def tap() -> None:
        page.get_by_role("button", name="Kesehatan", exact=True).click(timeout=100, no_wait_after=True)

    def done() -> bool:
        return page.get_by_role("button", name="Izin Baru", exact=True).is_visible()

    return tap, done


PAGES: dict[str, tuple[str, Callable[[Any], tuple[Callable[[], None], Callable[[], bool]]], str, bool]] = {
    # name: (path, tap, what the tap does, needs login)
    "/": ("/", _landing_tap, "Login link → login form", False),
    "/login": ("/login", _captcha_tap, "Ganti gambar captcha → new image", False),
    "/lacak": ("/lacak", _captcha_tap, "Ganti gambar captcha → new image", False),
    "wizard": ("/permohonan/baru", _wizard_tap, "bidang Kesehatan → its services", True),
}


# ----------------------------------------------------------------------- one load

PAINT_JS = """() => new Promise(resolve => {
  const seen = performance.getEntriesByName('first-contentful-paint');
  if (seen.length) return resolve(seen[0].startTime);
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') resolve(e.startTime);
  }).observe({type: 'paint', buffered: true});
  setTimeout(() => resolve(null), 30000);
})"""


def _open(browser: Any, *, slow: bool, storage_state: dict | None) -> tuple[Any, Any, dict[str, dict]]:
    """A fresh context (empty cache) with the profile applied; returns (context, page, requests
    seen: request id -> url, kind, bytes on the wire, decoded bytes, encoding)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID", storage_state=storage_state)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests: dict[str, dict] = {}

    def entry(request_id: str) -> dict:
        return requests.setdefault(request_id, {"bytes": 0, "decoded": 0})

    def on_response(event: dict) -> None:
        r = event["response"]
        headers = {k.lower(): v for k, v in r.get("headers", {}).items()}
        entry(event["requestId"]).update(
            url=r["url"],
            kind=_kind(event.get("type", ""), r.get("mimeType", ""), r["url"]),
            encoding=headers.get("content-encoding", ""),
        )

    def on_data(event: dict) -> None:
        entry(event["requestId"])["decoded"] += event["dataLength"]

    def on_finished(event: dict) -> None:
        entry(event["requestId"])["bytes"] = event["encodedDataLength"]

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.dataReceived", on_data)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if slow:
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": SLOW["latency_ms"],
                "downloadThroughput": SLOW["down_kbps"] * 1000 / 8,
                "uploadThroughput": SLOW["up_kbps"] * 1000 / 8,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW["cpu"]})
    return context, page, requests


def measure(
    browser: Any, url: str, page_name: str, *, slow: bool, storage_state: dict | None = None, tap: bool = True
) -> dict:
    """Two first loads: one left alone (weight, first paint), one tapped (first working tap; a
    tap that navigates would add the next page's files to the weight)."""
    path, make_tap, _, _ = PAGES[page_name]
    context, page, requests = _open(browser, slow=slow, storage_state=storage_state)
    try:
        page.goto(url + path, wait_until="load", timeout=120_000)
        with contextlib.suppress(Exception):  # the chunks loaded after hydration are counted too
            page.wait_for_load_state("networkidle", timeout=10_000)
        paint = page.evaluate(PAINT_JS)
        loaded = [r for r in requests.values() if r.get("url") and not r["url"].startswith("data:")]
    finally:
        context.close()
    tap_ms = None
    if tap:
        context, page, _ = _open(browser, slow=slow, storage_state=storage_state)
        try:
            press, done = make_tap(page)
            start = time.monotonic()
            page.goto(url + path, wait_until="commit", timeout=120_000)
            tap_ms = (time.monotonic() - start) * 1000 if _tap_until(page, press, done) else None
        finally:
            context.close()
    by_kind = {k: sum(r["bytes"] for r in loaded if r["kind"] == k) for k in ("js", "css", "other")}
    return {
        "requests": len(loaded),
        "bytes": by_kind,
        "total_bytes": sum(by_kind.values()),
        "decoded_bytes": sum(r["decoded"] for r in loaded),
        "encodings": sorted({r.get("encoding") or "none" for r in loaded if r["kind"] in ("js", "css")}),
        "first_paint_ms": round(paint, 1) if paint is not None else None,
        "first_tap_ms": round(tap_ms, 1) if tap_ms is not None else None,
        "tapped": tap,
        "largest": sorted(
            ({"url": r["url"].split("/", 3)[-1], "kind": r["kind"], "bytes": r["bytes"]} for r in loaded),
            key=lambda r: -r["bytes"],
        )[:3],
    }


def _login_state(browser: Any, url: str) -> dict:
    """Log the bench applicant in (unthrottled, in its own context) and return the cookies and
    storage, so the wizard is then opened with an empty cache but a session."""
    context = browser.new_context(locale="id-ID", base_url=url)
    page = context.new_page()
    try:
        page.goto("/login", timeout=120_000)
        page.get_by_label("Perorangan", exact=True).check()
        page.get_by_label("Username").fill(APPLICANT["username"])
        page.get_by_label("Password").fill(APPLICANT["password"])
        page.get_by_label("Kode Unik").fill(CAPTCHA)
        page.get_by_label("Kode Unik").press("Enter")
        page.wait_for_url("**/beranda**", timeout=60_000)
        return context.storage_state()
    finally:
        context.close()


@contextlib.contextmanager
def behind_nginx(app_url: str, client_dir: Path) -> Iterator[str]:
    """deploy/nginx.conf in front of ``app_url`` (as CI's topology test runs it), serving the
    exported assets of ``client_dir`` precompressed (scripts/precompress.py); yields its URL.

    The exported pages open their websocket to the app's own address, which refuses another
    origin: through this proxy the pages load and paint but never connect, so only weight and
    first paint are measured here (the taps are measured on the app itself)."""
    import shutil
    import socket
    import subprocess
    import tempfile
    from urllib.parse import urlsplit

    from scripts.precompress import precompress

    precompress(client_dir)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    work = Path(tempfile.mkdtemp(prefix="spontan-bench-nginx-"))
    (work / "tmp").mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    upstream = urlsplit(app_url).netloc
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    conf = conf.replace("root /srv/spontan/client;", f"root {client_dir};")
    conf = conf.replace("server app1:8000", f"server {upstream}").replace("server app2:8000", f"server {upstream}")
    conf = conf.replace("access_log /dev/stdout spontan;", "access_log off;")
    (work / "nginx.conf").write_text(conf)
    root = os.geteuid() == 0
    proxy = subprocess.Popen(
        # As root, nginx's workers would run as nobody, who may not enter the app's private temp folder.
        [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;" + (" user root;" if root else "")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proxy.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start (scripts/ensure-nginx.sh)") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proxy.terminate()
        proxy.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def _measure_all(browser: Any, url: str, names: list[str], *, taps: bool = True) -> dict[str, Any]:
    state = _login_state(browser, url) if any(PAGES[n][3] for n in names) else None
    out = {}
    for name in names:
        login = state if PAGES[name][3] else None
        out[name] = {
            "path": PAGES[name][0],
            "tap": PAGES[name][2],
            "slow": measure(browser, url, name, slow=True, storage_state=login, tap=taps),
            "fast": measure(browser, url, name, slow=False, storage_state=login, tap=taps),
        }
    return out


def run(
    url: str, *, database_url: str | None = None, pages: list[str] | None = None, client_dir: Path | None = None
) -> dict[str, Any]:
    """Each page on the slow profile and unthrottled, from the app itself and, with the
    exported ``client_dir``, through deploy/nginx.conf. The wizard needs the bench applicant
    in the app's database: written there when ``database_url`` is given, else it must exist."""
    from datetime import UTC, datetime

    from playwright.sync_api import sync_playwright

    from bench.run import machine
    from tests.e2e.conftest import CHROMIUM_ARGS

    if database_url:
        from tests.e2e.helpers import make_applicant

        with contextlib.suppress(Exception):  # already there from an earlier run
            make_applicant(database_url, name="Bench Pemohon", **APPLICANT)
    names = pages or list(PAGES)
    out: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "url": url,
        "profile": SLOW,
        "served": {},
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            out["served"]["app"] = _measure_all(browser, url, names)
        finally:
            browser.close()
        if client_dir is not None:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                with behind_nginx(url, client_dir) as proxied:
                    out["served"]["nginx"] = _measure_all(
                        browser, proxied, [n for n in names if not PAGES[n][3]], taps=False
                    )
            finally:
                browser.close()
    return out


# ----------------------------------------------------------------------- report


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


SERVED = {
    "app": "the app itself (`reflex run --env prod`: gzip, no cache lifetimes)",
    "nginx": "deploy/nginx.conf in front of it (precompressed brotli, immutable assets), as in production; "
    "no taps: the pages' websocket points at the app's own address, which refuses the proxy's origin",
}


def _tap(m: dict) -> str:
    if not m.get("tapped", True):
        return "n/a"
    return f"{m['first_tap_ms']}" if m["first_tap_ms"] is not None else "never"


def _table(pages: dict[str, Any]) -> list[str]:
    out = [
        "| page | requests | JS KB | CSS KB | other KB | total KB (unzipped) | JS/CSS encoding | first paint ms "
        "(fast) | first tap ms (fast) | slow/fast paint | slow/fast tap | tap |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]

    def ratio(a: float | None, b: float | None) -> str:
        return f"{a / b:.1f}×" if a and b else "-"

    for name, e in pages.items():
        s, f = e["slow"], e["fast"]
        out.append(
            f"| {name} (`{e['path']}`) | {s['requests']} | {_kb(s['bytes']['js'])} | {_kb(s['bytes']['css'])} | "
            f"{_kb(s['bytes']['other'])} | {_kb(s['total_bytes'])} ({_kb(s['decoded_bytes'])}) | "
            f"{', '.join(s['encodings'])} | {s['first_paint_ms'] or '-'} ({f['first_paint_ms'] or '-'}) | "
            f"{_tap(s)} ({_tap(f)}) | "
            f"{ratio(s['first_paint_ms'], f['first_paint_ms'])} | {ratio(s['first_tap_ms'], f['first_tap_ms'])} | "
            f"{e['tap']} |"
        )
    return out


def report(result: dict[str, Any]) -> list[str]:
    p = result["profile"]
    served = result["served"]
    out = [
        "## Pages (first load, empty cache, headless Chromium)",
        "",
        f"Measured {result['date']} at commit `{result['machine']['commit']}`, load average "
        f"{result['machine']['load_average']} (`bench/pages.py`). "
        f"Slow phone: {p['down_kbps'] / 1000:g} Mbps down, {p['up_kbps']} kbps up, "
        f"{p['latency_ms']} ms latency, CPU {p['cpu']}× slower (DevTools protocol); fast = the same load "
        "unthrottled on this machine (the baseline). KB are bytes on the wire (compressed, headers "
        "included) on the slow profile; first tap = navigation start until a tap on a real control shows "
        "its effect (measured in a second first load, so a tap that navigates adds nothing to the weight).",
        "",
    ]
    for where, pages in served.items():
        out += [f"### Served by {SERVED.get(where, where)}", "", *_table(pages), ""]
    # Weight and paint as production serves them (nginx) when measured; taps on the app itself.
    where = "nginx" if "nginx" in served else "app"
    pages, app = served[where], served["app"]
    out += ["Largest transfers (slow profile):", ""]
    for name, e in pages.items():
        big = ", ".join(f"`{r['url'][:60]}` {_kb(r['bytes'])} KB" for r in e["slow"]["largest"])
        out.append(f"- {name}: {big}")
    out += ["", f"Targets (slow profile; weight and paint served by {where}, taps by the app):", ""]
    home = pages.get("/")
    if home:
        s = home["slow"]
        js, css = s["bytes"]["js"] / 1024, s["bytes"]["css"] / 1024
        out.append(
            f"- JS on `/` ≤ {TARGET_JS_KB} KB compressed: {_met(js <= TARGET_JS_KB)} ({js:,.0f} KB"
            + ("" if js <= TARGET_JS_KB else f": {_why_js(s)}")
            + ")."
        )
        out.append(
            f"- CSS on `/` ≤ {TARGET_CSS_KB} KB compressed: {_met(css <= TARGET_CSS_KB)} ({css:,.0f} KB"
            + (
                ""
                if css <= TARGET_CSS_KB
                else ": Radix Themes' components.css (every component) and utilities.css ship to every page "
                "(only the colour scales used: spontan_app/components/theme.py); next step: only the components used"
            )
            + ")."
        )
    for name, e in app.items():
        s = pages.get(name, e)["slow"]
        paint, tap = s["first_paint_ms"], e["slow"]["first_tap_ms"]
        paint_ok = paint is not None and paint <= TARGET_PAINT_MS
        tap_ok = tap is not None and tap <= TARGET_TAP_MS
        why = []
        if not paint_ok:
            why.append(
                f"paint waits for {_kb(s['bytes']['css'])} KB of render-blocking CSS and the entry scripts at "
                f"{p['down_kbps'] / 1000:g} Mbps"
            )
        if not tap_ok:
            why.append(
                f"a tap works only once {_kb(e['slow']['bytes']['js'])} KB of JS (gzip, from the app) is downloaded, "
                "run on a 4× slower CPU "
                "and the app has hydrated (and its websocket answered)"
            )
        out.append(
            f"- {name}: first paint ≤ {TARGET_PAINT_MS / 1000:g} s {_met(paint_ok)} ({paint or '-'} ms); "
            f"first tap ≤ {TARGET_TAP_MS / 1000:g} s {_met(tap_ok)} ({tap or 'never'} ms)"
            + (f": {'; '.join(why)}." if why else ".")
        )
    return out


def _why_js(s: dict) -> str:
    big = [r for r in s["largest"] if r["kind"] == "js"]
    return "React, React Router, Radix, socket.io and the page's own parts in the entry chunks" + (
        f" (largest `{big[0]['url'][:50]}` {_kb(big[0]['bytes'])} KB)" if big else ""
    )


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def start_app() -> Any:
    from bench.events import start_app as start

    return start()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.pages")
    parser.add_argument("--url", help="a running app; or --start")
    parser.add_argument("--start", action="store_true", help="build and serve the app here")
    parser.add_argument("--database-url", default=None, help="the running app's database (for the wizard's login)")
    parser.add_argument("--pages", nargs="+", default=None, choices=list(PAGES))
    parser.add_argument("--client-dir", default=None, help="the running app's .web/build/client (for nginx)")
    parser.add_argument("--no-nginx", action="store_true", help="only the app itself, not through nginx")
    parser.add_argument("--json", default=None, help="also write the result here")
    args = parser.parse_args(argv)
    server = start_app() if args.start else None
    try:
        url = server.url if server else args.url
        client = (
            Path(args.client_dir)
            if args.client_dir
            else (server.app_dir / ".web" / "build" / "client" if server else None)
        )
        result = run(
            url,
            database_url=server.database_url if server else args.database_url,
            pages=args.pages,
            client_dir=client if client and client.is_dir() and not args.no_nginx else None,
        )
    finally:
        if server is not None:
            from tests.e2e.conftest import stop_app

            stop_app(server)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print("\n".join(report(result)))


if __name__ == "__main__":
    main()
