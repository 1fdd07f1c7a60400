#!/usr/bin/env bash
# Installs Debian's Chromium, ChromeDriver and a CJK font (Chinese labels in the graph view and its
# screenshot) where they are missing.
# Needs root (CI and the developers' machines run as root); elsewhere the browser tests skip.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
   && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "browser-deps: not root or no apt-get; browser tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null \
  || echo "browser-deps: could not install chromium; browser tests will be skipped" >&2
exit 0
