#!/usr/bin/env bash
# The deployment tests run deploy/nginx.conf with Debian's nginx (no container engine here),
# with the brotli modules it loads (libnginx-mod-http-brotli-{filter,static}).
set -euo pipefail
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
modules=/usr/lib/nginx/modules
if [ -x "$nginx_bin" ] && [ -f "$modules/ngx_http_brotli_static_module.so" ] \
   && [ -f "$modules/ngx_http_brotli_filter_module.so" ]; then
  exit 0
fi
packages="nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static"
echo "Installing Debian's nginx and its brotli modules for the deployment tests..."
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
else
  echo "nginx or its brotli modules are missing: run 'sudo apt-get install $packages'." >&2
  exit 1
fi
