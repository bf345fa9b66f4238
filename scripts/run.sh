#!/usr/bin/env bash
# Starts the action server (5055) and the Rasa server (5005, REST + socketio + HTTP API on
# localhost) and stays in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA=.venv/bin/rasa
pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo "Stopped."; }
trap stop INT TERM EXIT

"$RASA" run actions --port 5055 &
pids+=($!)
"$RASA" run --model models/tthc.tar.gz --enable-api -i 127.0.0.1 --port 5005 \
  --credentials credentials.yml --endpoints endpoints.yml --cors "${RASA_CORS_ORIGINS:-http://localhost:8080}" &
pids+=($!)
echo "Action server: http://localhost:5055  Rasa server: http://127.0.0.1:5005 (REST: /webhooks/rest/webhook)"
echo "Chat as staff in another terminal: .venv/bin/rasa shell --model models/tthc.tar.gz"
wait -n "${pids[@]}"
