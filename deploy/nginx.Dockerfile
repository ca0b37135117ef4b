# nginx for deploy/compose.yaml: Debian's nginx with the brotli modules deploy/nginx.conf
# loads (the official nginx image has no brotli). Same packages as scripts/ensure-nginx.sh.
FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx libnginx-mod-http-brotli-filter \
    libnginx-mod-http-brotli-static \
 && rm -rf /var/lib/apt/lists/*
