# syntax=docker/dockerfile:1
# SPONTAN: one image for the app workers and the jobs.
#   docker build --build-arg PUBLIC_URL=https://spontan.balikpapan.go.id -t spontan .
# Stage 1 builds the frontend with bun (from the npm registry); stage 2 is a slim Python
# runtime without node or bun, running as an unprivileged user. See docs/deploy.md.

ARG PYTHON_VERSION=3.11

# --------------------------------------------------------------------------- build
FROM python:${PYTHON_VERSION}-slim AS build
ARG PUBLIC_URL=http://localhost
ARG BUN_VERSION=1.4.5
# A public demo image (docs/deploy.md): --build-arg SPONTAN_DEMO=1 compiles the DEMO banner in.
ARG SPONTAN_DEMO=0
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1 \
    REFLEX_USE_SYSTEM_BUN=1 PATH=/opt/venv/bin:/opt/tools/node_modules/.bin:$PATH
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm unzip \
 && rm -rf /var/lib/apt/lists/* \
 && npm install --prefix /opt/tools --no-audit --no-fund --loglevel=error bun@${BUN_VERSION} \
 && python -m venv /opt/venv
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .
# The exported pages carry the websocket URL: build for the address citizens use.
# The frontend is compiled into .web/build/client; the workers serve it (with each
# page's Content-Security-Policy) and nginx serves its static assets, with the .br and
# .gz twins written here (brotli_static / gzip_static in deploy/nginx.conf).
RUN SPONTAN_PUBLIC_URL=${PUBLIC_URL} REFLEX_API_URL=${PUBLIC_URL} SPONTAN_DEMO=${SPONTAN_DEMO} \
    reflex export --frontend-only --no-zip --env prod \
 && test -d .web/build/client \
 && python scripts/precompress.py .web/build/client \
 && rm -rf .web/node_modules .web/.react-router

# --------------------------------------------------------------------------- runtime
FROM python:${PYTHON_VERSION}-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    SPONTAN_ENV=production SPONTAN_LOG_FORMAT=json \
    REFLEX_ENV_MODE=prod REFLEX_TELEMETRY_ENABLED=false \
    __REFLEX_SKIP_COMPILE=true __REFLEX_MOUNT_FRONTEND_COMPILED_APP=true
# (The two __REFLEX_* variables are what `reflex run --env prod --single-port` sets for its
# backend: serve the pages compiled in the build stage instead of compiling again, which
# would need node at runtime.)
RUN groupadd --system --gid 10001 spontan \
 && useradd --system --uid 10001 --gid spontan --home-dir /app --shell /usr/sbin/nologin spontan
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build --chown=spontan:spontan /app /app
RUN mkdir -p /app/data && chown spontan:spontan /app/data
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# One ASGI worker per container: scale with more containers (state is in Redis).
# Jobs: the same image with `python -m spontan_app.jobs outbox-sweep` etc.
CMD ["granian", "--interface", "asgi", "--factory", "--host", "0.0.0.0", "--port", "8000", "--workers", "1", "spontan_app.spontan_app:app"]
