#!/usr/bin/env bash
# Set up (first run only) and start the app on http://localhost:8501, offline by default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
exec .venv/bin/python -m streamlit run app.py "$@"
