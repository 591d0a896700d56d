#!/usr/bin/env bash
# One command on a fresh machine: virtualenv, install, then the main job on
# the embedded defaults (the example reports, the shipped model).
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: CJK fonts (scan generation, benchmark PDFs) and Chromium
# (browser tests). Optional: skipped without root or without apt.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  need=()
  fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei fonts-noto-cjk)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # OCR: opencv-python (RapidOCR's dependency) loads libGL and GLib at import.
  ldconfig -p 2>/dev/null | grep -q 'libGL\.so\.1' || need+=(libgl1)
  ldconfig -p 2>/dev/null | grep -q 'libglib-2\.0\.so\.0' || need+=(libglib2.0-0)
  # OCR benchmark's second engine (bench/ocr.py --tesseract).
  command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-chi-sim)
  # HTTP load generator of bench/read_speed.py (a Python client saturates first).
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  if [ ${#need[@]} -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
      || echo "setup: could not install ${need[*]} (optional)" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[service,dev]'

mkdir -p out
.venv/bin/extractor extract examples -o out
echo "JSON written to out/"
