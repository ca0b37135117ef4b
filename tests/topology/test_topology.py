"""The production topology as plain processes on loopback: nginx (deploy/nginx.conf) in
front of two app workers (granian, as in the Dockerfile), PostgreSQL, Redis and an S3
server (moto). A browser journey runs through the proxy while one worker is killed; a
document uploaded to one worker is served by the other from the bucket.

Needs PostgreSQL and Redis: SPONTAN_DATABASE_URL=postgresql+psycopg://… and
SPONTAN_REDIS_URL=redis://… (CI's second pass), and nginx (scripts/ensure-nginx.sh).
Run: python -m pytest tests/topology
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, _bun_dir, _free_port, _stage_app
from tests.factories import answer_of
from tests.support import ROOT, ensure_postgres_database, reset_database

BUCKET = "spontan-topology"


@dataclass
class Topology:
    url: str  # through nginx
    workers: dict[str, subprocess.Popen]  # worker url -> process
    env: dict[str, str]
    app_dir: Path
    logs: Path
    others: list[subprocess.Popen] = field(default_factory=list)

    def tail(self) -> str:
        out = []
        for log in sorted(self.logs.glob("*.log")):
            out.append(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]))
        return "\n".join(out)


def _wait(url: str, process: subprocess.Popen, what: str, topology_logs: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited:\n" + "\n".join(p.read_text()[-3000:] for p in topology_logs.glob("*.log")))
        try:
            if httpx.get(url, timeout=3).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail(f"{what} did not answer {url} in time")


def _start(args: list[str], env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    base = sa.engine.make_url(os.environ.get("SPONTAN_DATABASE_URL", "sqlite://"))
    redis_url = os.environ.get("SPONTAN_REDIS_URL", "")
    if base.get_backend_name() != "postgresql" or not redis_url:
        pytest.fail("the topology test needs SPONTAN_DATABASE_URL=postgresql+psycopg://… and SPONTAN_REDIS_URL")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = Path(tempfile.mkdtemp(prefix="spontan-topology-"))
    tmp.chmod(0o755)  # nginx's worker processes (an unprivileged user) read the assets
    logs = tmp / "logs"
    logs.mkdir()
    database_url = base.set(database=f"{base.database}_topology").render_as_string(hide_password=False)
    ensure_postgres_database(database_url)
    reset_database(database_url)

    port, s3_port = _free_port(), _free_port()
    public = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SPONTAN_ENV": "test",
        "SPONTAN_DATABASE_URL": database_url,
        "SPONTAN_REDIS_URL": redis_url,
        "SPONTAN_PUBLIC_URL": public,
        "SPONTAN_STORAGE_URL": f"s3://{BUCKET}/kota",
        "SPONTAN_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "SPONTAN_S3_ACCESS_KEY_ID": "test",
        "SPONTAN_S3_SECRET_ACCESS_KEY": "test",
        "SPONTAN_UPLOAD_DIR": str(tmp / "must-stay-empty"),
        "SPONTAN_CAPTCHA_FIXED": "TEST42",
        "SPONTAN_MAP_TILE_URL": "",
        "SPONTAN_REGISTRATIONS_PER_ADDRESS": "1000",
        "SPONTAN_METRICS_ALLOW": "127.0.0.1",
        "SPONTAN_LOG_FORMAT": "json",
        "REFLEX_TRUSTED_PROXY_HOPS": "1",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PYTHONUNBUFFERED": "1",
    }
    bun = _bun_dir()
    if bun:
        env["PATH"] = bun + os.pathsep + env["PATH"]
    python = sys.executable
    bindir = Path(python).parent
    app_dir = _stage_app(tmp)
    topo = Topology(public, {}, env, app_dir, logs)
    try:
        moto = _start([python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], env, tmp, logs / "s3.log")
        topo.others.append(moto)
        _wait(f"http://127.0.0.1:{s3_port}/moto-api/", moto, "the S3 server", logs, 60)
        boto3.client(
            "s3", endpoint_url=env["SPONTAN_S3_ENDPOINT_URL"], region_name="us-east-1",
            aws_access_key_id="test", aws_secret_access_key="test",
        ).create_bucket(Bucket=BUCKET)

        for step in (["-m", "alembic", "upgrade", "head"], ["-m", "spontan_app.seed"]):
            subprocess.run([python, *step], cwd=app_dir, env=env, check=True, capture_output=True)
        # The Dockerfile's build step: the frontend compiled for the public address.
        build = subprocess.run(
            [str(bindir / "reflex"), "export", "--frontend-only", "--no-zip", "--env", "prod"],
            cwd=app_dir, env={**env, "REFLEX_API_URL": public}, capture_output=True, text=True,
        )
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        client_dir = app_dir / ".web" / "build" / "client"
        assert (client_dir / "assets").is_dir(), "reflex export left no .web/build/client"
        # ... and its .br/.gz twins for nginx's brotli_static / gzip_static.
        subprocess.run([python, str(ROOT / "scripts" / "precompress.py"), str(client_dir)], check=True)

        # The Dockerfile's runtime command, twice.
        worker_env = {
            **env,
            "REFLEX_ENV_MODE": "prod",
            "__REFLEX_SKIP_COMPILE": "true",
            "__REFLEX_MOUNT_FRONTEND_COMPILED_APP": "true",
        }
        ports = [_free_port(), _free_port()]
        for n, worker_port in enumerate(ports, 1):
            process = _start(
                [str(bindir / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1",
                 "--port", str(worker_port), "--workers", "1", "spontan_app.spontan_app:app"],
                worker_env, app_dir, logs / f"worker{n}.log",
            )
            topo.workers[f"http://127.0.0.1:{worker_port}"] = process
        for url, process in topo.workers.items():
            _wait(url + "/readyz", process, f"worker {url}", logs)

        conf = (ROOT / "deploy" / "nginx.conf").read_text()
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
        conf = conf.replace("root /srv/spontan/client;", f"root {client_dir};")
        conf = conf.replace("server app1:8000", f"server 127.0.0.1:{ports[0]}")
        conf = conf.replace("server app2:8000", f"server 127.0.0.1:{ports[1]}")
        conf = conf.replace("access_log /dev/stdout spontan;", f"access_log {logs / 'nginx-access.log'} spontan;")
        (tmp / "nginx").mkdir()
        (tmp / "nginx" / "tmp").mkdir()
        (tmp / "nginx" / "nginx.conf").write_text(conf)
        proxy = _start(
            [nginx, "-p", str(tmp / "nginx"), "-c", str(tmp / "nginx" / "nginx.conf"), "-g", "daemon off;"],
            env, tmp, logs / "nginx.log",
        )
        topo.others.append(proxy)
        _wait(public + "/readyz", proxy, "nginx", logs, 60)
        yield topo
    finally:
        for process in [*topo.workers.values(), *topo.others]:
            _stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _submitted(topo: Topology, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.factories", "submitted", "--n", str(n), "--with-login"],
        cwd=ROOT, env=topo.env, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return answer_of(out.stdout)


def _sockets(worker: str) -> float:
    text = httpx.get(worker + "/metrics", timeout=10).text
    found = re.search(r"^spontan_active_websockets ([0-9.]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_proxy_serves_assets_itself_and_pages_with_their_policy(topology):
    page = httpx.get(topology.url + "/", timeout=10)
    assert page.status_code == 200
    assert "script-src" in page.headers["content-security-policy"]  # added by a worker
    asset = re.search(r'/assets/[^"\']+\.js', page.text).group(0)
    served = httpx.get(topology.url + asset, timeout=10)
    assert served.status_code == 200 and "immutable" in served.headers["cache-control"]  # nginx, from disk
    assert httpx.get(topology.url + "/metrics", timeout=10).status_code == 404  # never through the proxy
    assert httpx.get(topology.url + "/readyz", timeout=10).json()["checks"]["redis"]["detail"] == "ok"


def test_proxy_sends_hashed_assets_compressed_as_asked_and_cached_for_a_year(topology):
    page = httpx.get(topology.url + "/login", timeout=10, follow_redirects=True)  # /login -> /login/
    # A page is revalidated on every visit: a new deployment's pages are seen at once.
    assert page.status_code == 200 and page.headers["cache-control"] == "no-cache"
    assets = re.findall(r'/assets/[^"\']+-[A-Za-z0-9_-]{8}\.js', page.text)
    assert assets, "no hashed script on /login"
    plain = httpx.get(topology.url + assets[0], headers={"Accept-Encoding": "identity"}, timeout=10)
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    for asked in ("br", "gzip"):
        served = httpx.get(topology.url + assets[0], headers={"Accept-Encoding": asked}, timeout=10)
        assert served.headers["content-encoding"] == asked
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert served.content == plain.content  # decoded by httpx: the same script
        assert int(served.headers["content-length"]) < len(plain.content) / 2


def _draft(topo: Topology, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.factories", "draft", "--n", str(n)],
        cwd=ROOT, env=topo.env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return answer_of(out.stdout)


def test_a_document_uploaded_through_one_worker_is_served_by_the_other_from_the_bucket(topology):
    made = _draft(topology, 7001)
    cookie = {"spontan_session": made["token"]}
    first, second = list(topology.workers)
    bucket = boto3.client(
        "s3", endpoint_url=topology.env["SPONTAN_S3_ENDPOINT_URL"], region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip
    for uploader, reader in ((first, second), (second, first)):
        data = b"%PDF-1.4\n% uploaded through " + uploader.encode() + b" " + os.urandom(16).hex().encode() + b"\n%%EOF"
        # As the applicant's browser sends it (spontan_app/components/document_input.jsx), to one worker.
        answer = httpx.post(
            f"{uploader}/unggah/{made['id']}/{made['requirements'][0]}",
            content=data,
            cookies=cookie,
            headers={"X-Requested-With": "spontan", "X-File-Name": "surat%20keterangan.pdf"},
            timeout=30,
        )
        assert answer.status_code == 200 and answer.json()["ok"] is True, (uploader, answer.text)
        document_id = answer.json()["document_id"]
        served = httpx.get(f"{reader}/dokumen/{document_id}", cookies=cookie, timeout=10)
        assert served.status_code == 200, (reader, served.text)
        assert served.content == data, f"{reader} did not serve what {uploader} stored"
        assert "surat%20keterangan.pdf" in served.headers["content-disposition"]
        via_proxy = httpx.get(f"{topology.url}/dokumen/{document_id}", cookies=cookie, timeout=10)
        assert via_proxy.status_code == 200 and via_proxy.content == data
        stranger = httpx.get(f"{reader}/dokumen/{document_id}", timeout=10)
        assert stranger.status_code == 401  # not without the owner's session
        # In the bucket, not on either worker's disk.
        keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET, Prefix="kota/")["Contents"]]
        bodies = [bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys]
        assert data in bodies
    assert not (Path(topology.env["SPONTAN_UPLOAD_DIR"]) / "documents").exists()


CONCURRENT = 50
CONCURRENT_IZIN = "SKP-B"  # no other test of this module numbers this izin


async def _submit_together(url: str, made: list[dict]) -> list:
    """One tab per draft, through the proxy: open the page, tick the declaration, then all
    press Ajukan Permohonan at once. Returns each tab's reply to the submit."""
    from spontan_app.state.permohonan import PermohonanState
    from tests.rxclient import AsyncRxClient, full_handler_name

    submit = full_handler_name(PermohonanState, "submit")
    declare = full_handler_name(PermohonanState, "set_declaration")
    tabs = [AsyncRxClient(url, cookies={"spontan_session": m["token"]}) for m in made]
    opening = asyncio.Semaphore(10)  # the tabs open a few at a time, as people arrive

    async def ready(tab: AsyncRxClient, draft: dict) -> None:
        async with opening:
            await tab.connect(
                f"/permohonan/{draft['id']}?id={draft['id']}",
                until=lambda r: bool(r.value(PermohonanState, "app_id")),
                timeout=120,
            )
            await tab.call(declare, {"checked": True}, until=lambda r: r.has(PermohonanState, "declaration"))

    try:
        await asyncio.gather(*(ready(tab, draft) for tab, draft in zip(tabs, made, strict=True)))
        assert all(tab.value(PermohonanState, "app_id") for tab in tabs), "a draft page did not load"
        return await asyncio.gather(
            *(
                tab.call(submit, {}, until=lambda r: r.redirect_path() is not None or bool(r.events), timeout=180)
                for tab in tabs
            )
        )
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)


def test_concurrent_submissions_through_the_proxy_get_distinct_gap_free_numbers(topology):
    out = subprocess.run(
        [sys.executable, "-m", "tests.factories", "drafts", "--n", "7100", "--count", str(CONCURRENT),
         "--izin", CONCURRENT_IZIN],
        cwd=ROOT, env=topology.env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    made = answer_of(out.stdout)

    replies = asyncio.run(_submit_together(topology.url, made))
    assert [r.redirect_path() for r in replies] == ["/beranda"] * CONCURRENT, topology.tail()

    engine = sa.create_engine(topology.env["SPONTAN_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, status, registration_number FROM application WHERE id = ANY(:ids)"),
                {"ids": [m["id"] for m in made]},
            ).all()
    finally:
        engine.dispose()
    assert {status for _, status, _ in rows} == {"SUBMITTED"}
    numbers = [number for _, _, number in rows]
    assert len(numbers) == CONCURRENT and len(set(numbers)) == CONCURRENT, numbers
    by_month: dict[str, list[int]] = {}
    for number in numbers:
        sequence, code, month, year = number.split("/")
        assert code == CONCURRENT_IZIN
        by_month.setdefault(f"{month}/{year}", []).append(int(sequence))
    for sequences in by_month.values():  # a month boundary mid-test starts at 1 again
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), sorted(sequences)


def test_the_journey_completes_when_the_workers_websocket_dies(topology, browser):
    made = _submitted(topology, 7002)
    context = browser.new_context(viewport=DESKTOP, locale="id-ID", base_url=topology.url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        page.goto("/admin/login")
        page.wait_for_selector("#spontan-ready", state="attached")
        page.get_by_label("Username").fill("frontoffice")
        page.get_by_label("Password").fill("Spontan#2026")
        page.get_by_label("Kode Unik").fill("TEST42")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(re.compile(r"/admin/?$"))  # the exported pages end in a slash
        page.get_by_label("Cari").fill(made["number"])
        page.get_by_role("button", name="Terapkan").click()
        link = page.get_by_role("link", name=made["number"])
        link.wait_for()

        # Kill the worker that holds this tab's websocket, mid-journey.
        holder = next((w for w in topology.workers if _sockets(w) >= 1), None)
        assert holder, "no worker reports the open websocket"
        victim = topology.workers[holder]
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)

        link.click()  # the tab reconnects through nginx to the surviving worker
        page.wait_for_url(re.compile(rf"/admin/permohonan/{made['id']}/?$"))
        page.get_by_role("heading", name=made["number"]).wait_for()
        assert page.get_by_role("button", name="Setujui").is_visible()
        survivor = next(w for w in topology.workers if w != holder)
        assert _sockets(survivor) >= 1
        # A staff document view, served from the bucket by the survivor.
        document = page.request.get(f"/admin/dokumen/{made['documents'][0]}")
        assert document.status == 200 and document.body().startswith(b"%PDF-")
    finally:
        context.close()
    assert not page_errors, page_errors
