#!/usr/bin/env bash
# `make run`: migrate the embedded database, load the demo once, serve on 127.0.0.1:8000
# with a background worker for imports; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
DTBD=.venv/bin/dtbd
$DTBD migrate --noinput -v0
$DTBD collectstatic --noinput -v0
$DTBD load_demo
trap 'kill 0' EXIT INT TERM
$DTBD db_worker --interval 1 >>"${DTBD_DATA_DIR:-data}/worker.log" 2>&1 &
cat <<MSG

  ĐTBD is starting on http://127.0.0.1:8000
  Log in as  admin  with password  dtbd-demo-2026  (the demo administrator)
  Background worker log: ${DTBD_DATA_DIR:-data}/worker.log — press Ctrl-C to stop.

MSG
$DTBD runserver 127.0.0.1:8000 --noreload
