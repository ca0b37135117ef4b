"""The deployment files are checked by the tools that exist here (there is no container
engine): hadolint for the Dockerfile, the compose-spec schema for compose.yaml, nginx's
own config test for nginx.conf, and the Kubernetes manifests for what an orchestrator
needs from them."""

from __future__ import annotations

import gzip
import http.client
import http.server
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from tests.support import ROOT

DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def test_dockerfile_passes_hadolint_and_runs_as_non_root():
    done = subprocess.run([str(BIN / "hadolint"), str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) >= 2  # multi-stage
    assert "bun@" in text and "reflex export" in text  # the frontend is built with bun
    runtime = text.split("AS runtime", 1)[1]
    assert re.search(r"^USER 10001", runtime, re.M)
    assert "nodejs" not in runtime and "bun" not in runtime.split("CMD", 1)[0].split("ENV", 1)[0]


def test_compose_file_matches_the_compose_spec_and_has_the_topology():
    done = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(DEPLOY / "compose.yaml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert {"postgres", "redis", "minio", "app1", "app2", "nginx", "jobs"} <= set(services)
    for worker in ("app1", "app2"):
        env = services[worker]["environment"]
        assert env["SPONTAN_STORAGE_URL"].startswith("s3://")
        assert env["SPONTAN_REDIS_URL"].startswith("redis://")
        assert "/readyz" in " ".join(services[worker]["healthcheck"]["test"])
    # The commands in the file's header work in their order: migrate, then start (the workers
    # are not ready, and nginx waits for them, until the schema is at head), as docs/deploy.md.
    for text in ((DEPLOY / "compose.yaml").read_text(), (ROOT / "docs" / "deploy.md").read_text()):
        steps = re.findall(r"docker compose -f deploy/compose\.yaml (run --rm migrate|up -d)", text)
        assert steps[:2] == ["run --rm migrate", "up -d"], steps


def test_nginx_conf_is_accepted_by_nginx(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = (DEPLOY / "nginx.conf").read_text()
    # As CI runs it: loopback upstreams instead of compose service names.
    conf = conf.replace("server app1:8000", "server 127.0.0.1:18001")
    conf = conf.replace("server app2:8000", "server 127.0.0.1:18002")
    conf = conf.replace("root /srv/spontan/client;", f"root {tmp_path};")
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "error_log stderr;"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "location = /metrics" in conf and "proxy_set_header Upgrade" in conf


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Worker(http.server.BaseHTTPRequestHandler):
    """Stands in for an app worker: a page without Cache-Control, a document with its own."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if self.path == "/" else "application/pdf")
        if self.path != "/":
            self.send_header("Cache-Control", "private, no-store")
        self.end_headers()
        self.wfile.write(b"<html>halaman</html>" if self.path == "/" else b"%PDF-1.4")

    def log_message(self, *args) -> None:
        pass


def _get(port: int, path: str, encoding: str) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": encoding})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_nginx_serves_hashed_assets_precompressed_and_immutable_and_pages_revalidated():
    """As deploy/nginx.conf runs in production: the build's .br/.gz twins (scripts/precompress.py)
    for the browser that takes them, a year's immutable cache on /assets/, no-cache on pages."""
    from scripts.precompress import precompress

    work = Path(tempfile.mkdtemp(prefix="spontan-nginx-"))
    work.chmod(0o755)  # nginx's worker processes (an unprivileged user) read the assets
    client = work / "client"
    (client / "assets").mkdir(parents=True)
    script = "".join(f"export const label{i} = 'Ajukan Permohonan {i}';\n" for i in range(400)).encode()
    (client / "assets" / "entry.client-D3adBeef.js").write_bytes(script)
    for folder in (client, client / "assets"):
        folder.chmod(0o755)
    assert precompress(client)[0] == 1
    (client / "assets" / "entry.client-D3adBeef.js.br").chmod(0o644)
    (client / "assets" / "entry.client-D3adBeef.js.gz").chmod(0o644)
    (client / "assets" / "late-Cafe0123.css").write_bytes(b".kartu { margin: 0 auto; }\n" * 100)  # no twins
    (client / "assets" / "late-Cafe0123.css").chmod(0o644)

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Worker)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        with _nginx(work, client, upstream.server_address[1], access_log="off") as port:
            _assert_assets_and_pages(port, script)
    finally:
        upstream.shutdown()
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _nginx(work: Path, root: Path, upstream_port: int, access_log: str) -> Iterator[int]:
    """deploy/nginx.conf run as CI runs it: loopback port, asset root and upstream swapped."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = _free_port()
    conf = (DEPLOY / "nginx.conf").read_text()
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    conf = conf.replace("root /srv/spontan/client;", f"root {root};")
    conf = conf.replace("server app1:8000", f"server 127.0.0.1:{upstream_port}")
    conf = conf.replace("server app2:8000", f"server 127.0.0.1:{upstream_port}")
    conf = conf.replace("access_log /dev/stdout spontan;", f"access_log {access_log};")
    (work / "tmp").mkdir(exist_ok=True)
    (work / "nginx.conf").write_text(conf)
    proxy = subprocess.Popen(
        [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proxy.poll() is None and time.monotonic() < deadline, proxy.stdout.read().decode()
                time.sleep(0.05)
        yield port
    finally:
        proxy.terminate()
        proxy.wait(10)


def _assert_assets_and_pages(port: int, script: bytes) -> None:
    import brotli

    asset = "/assets/entry.client-D3adBeef.js"
    for asked, encoding, decode in (
        ("br, gzip", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("identity", None, lambda body: body),
    ):
        response, body = _get(port, asset, asked)
        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding, asked
        assert decode(body) == script
        assert len(body) < len(script) / 5 or encoding is None
        assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
        assert "javascript" in response.getheader("Content-Type")
    assert _get(port, "/assets/gone-0000.js", "br")[0].status == 404
    late, body = _get(port, "/assets/late-Cafe0123.css", "br")  # compressed on the fly
    assert late.getheader("Content-Encoding") == "br" and brotli.decompress(body).startswith(b".kartu")

    page, body = _get(port, "/", "identity")
    assert page.status == 200 and body == b"<html>halaman</html>"
    assert page.getheader("Cache-Control") == "no-cache"
    document, _ = _get(port, "/dokumen/1", "identity")
    assert document.getheader("Cache-Control") == "private, no-store"  # the worker's own, alone


def test_nginx_access_log_has_no_tokens_or_query_strings(tmp_path):
    """What the proxy writes for each request: the path, without the query string and with
    bearer links masked, so its log can be shipped and kept like any other."""
    tmp_path.chmod(0o755)
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Worker)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    log = tmp_path / "access.log"
    secrets = {
        "/verifikasi/Xq9vK2mPz7RtLw4B": "/verifikasi/***",
        "/Verifikasi/Xq9vK2mPz7RtLw4C/": "/verifikasi/***",
        "/verifikasi/%58q9vK2mPz7RtLw4D": "/verifikasi/***",  # percent-encoded: still masked
        "/verifikasi-izin/SPT-CODE-77aa91": "/verifikasi-izin/***",
        "/periksa-izin/SPT-CODE-77aa92": "/periksa-izin/***",
        "/captcha/suara/captcha-token-5531": "/captcha/suara/***",
        "/lupa-password?telepon=081234567890&nik=6471011203900001": "/lupa-password",
        "/dokumen/7?token=Zz81secretQuery": "/dokumen/7",
    }
    try:
        with _nginx(tmp_path, tmp_path, upstream.server_address[1], access_log=f"{log} spontan") as port:
            for path in secrets:
                assert _get(port, path, "identity")[0].status == 200, path
            deadline = time.monotonic() + 5
            while len(log.read_text().splitlines()) < len(secrets) and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        upstream.shutdown()
    lines = log.read_text().splitlines()
    assert len(lines) == len(secrets), lines
    text = "\n".join(lines)
    for leak in ("q9vK2mPz7RtLw4", "77aa9", "5531", "081234567890", "6471011203900001", "Zz81secret", "?"):
        assert leak not in text, f"{leak!r} in the access log:\n{text}"
    for line, logged in zip(lines, secrets.values(), strict=True):
        assert f'"GET {logged} HTTP/1.1" 200 ' in line, line
        assert re.search(r" rid=[0-9a-f]{32} up=127\.0\.0\.1:\d+$", line), line


def _docs(name: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((DEPLOY / "k8s" / name).read_text()) if d]


def test_kubernetes_examples_probe_readiness_and_schedule_every_job():
    (deployment,) = _docs("deployment.yaml")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    (ingress,) = _docs("ingress.yaml")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600"
    (service,) = _docs("service.yaml")
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    from spontan_app import jobs

    known = set(jobs.load())
    scheduled: set[str] = set()  # run by a CronJob that is on
    demo_only: set[str] = set()  # run by a suspended CronJob labelled demo-only
    for cron in _docs("cronjob.yaml"):
        demo = cron["metadata"].get("labels", {}).get("spontan.example/demo-only") == "true"
        assert cron["spec"].get("suspend", False) is demo, f"{cron['metadata']['name']}: only demo jobs are suspended"
        for container in cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]:
            command = container["command"]
            assert command[:3] == ["python", "-m", "spontan_app.jobs"]
            assert set(command[3:]) <= known, f"unknown job in a CronJob: {command}"
            (demo_only if demo else scheduled).update(command[3:])
    # The pods run no jobs (SPONTAN_JOBS_IN_WORKERS=false): a job no CronJob runs never runs.
    (config,) = _docs("configmap.yaml")
    assert config["data"]["SPONTAN_JOBS_IN_WORKERS"] == "false"
    assert known - scheduled == demo_only == {"demo-reset"}, f"jobs no CronJob runs: {known - scheduled}"
    assert {"outbox-sweep", "renewal-reminders", "due-dates"} <= scheduled
