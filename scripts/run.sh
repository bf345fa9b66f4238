#!/usr/bin/env bash
# Starts the assistant in the foreground: the action server (5055), the Rasa server (5005:
# REST channel; HTTP API only with the token RASA_AUTH_TOKEN, a random one when unset), the
# demo portal page with the chat widget (8080), the Telegram bot when TELEGRAM_BOT_TOKEN is set
# and the Zalo OA relay when its settings are. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORTAL_PORT=${PORTAL_PORT:-8080}
RASA_PUBLIC_URL=${RASA_PUBLIC_URL:-http://127.0.0.1:5005}
read -r -a origins <<<"${RASA_CORS_ORIGINS:-http://127.0.0.1:$PORTAL_PORT http://localhost:$PORTAL_PORT}"
mkdir -p state  # the SQLite conversation store (endpoints.yml)
RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN:-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(32))')}
pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo "Stopped."; }
trap stop INT TERM EXIT

SANIC_HOST=127.0.0.1 "$BIN/rasa" run actions --port 5055 &  # loopback only: Rasa is its one caller
pids+=($!)
"$BIN/rasa" run --model models/tthc.tar.gz --enable-api --auth-token="$RASA_AUTH_TOKEN" -i 127.0.0.1 --port 5005 \
  --credentials credentials.yml --endpoints endpoints.yml --cors "${origins[@]}" &
rasa=$!
pids+=($rasa)
"$BIN/python" -m bot.portal --port "$PORTAL_PORT" --rasa-url "$RASA_PUBLIC_URL" &
pids+=($!)
if [[ -n "${TELEGRAM_BOT_TOKEN:-}" ]]; then
  RASA_URL=http://127.0.0.1:5005 "$BIN/python" -m bot.telegram &
  pids+=($!)
  telegram="running ($([[ -n "${TELEGRAM_WEBHOOK_URL:-}" ]] && echo "webhook $TELEGRAM_WEBHOOK_URL" || echo "long polling"))"
else
  telegram="off (set TELEGRAM_BOT_TOKEN to start it)"
fi

if [[ -n "${ZALO_APP_ID:-}" && -n "${ZALO_APP_SECRET:-}" && -n "${ZALO_OA_SECRET:-}" ]]; then
  RASA_URL=http://127.0.0.1:5005 "$BIN/python" -m bot.zalo &
  pids+=($!)
  zalo="running (webhook http://${ZALO_LISTEN:-127.0.0.1}:${ZALO_PORT:-8445}${ZALO_WEBHOOK_PATH:-/zalo/webhook})"
else
  zalo="off (set ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET and the first token pair to start it)"
fi

up() { "$BIN/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:5005/', timeout=2)" 2>/dev/null; }
until up; do
  kill -0 "$rasa" 2>/dev/null || exit 1
  sleep 1
done
cat <<INFO

  Assistant ready.
  Web widget demo page:  http://127.0.0.1:$PORTAL_PORT/
  Rasa REST channel:     http://127.0.0.1:5005/webhooks/rest/webhook  (CORS: ${origins[*]})
  Action server:         http://127.0.0.1:5055
  Telegram bot:          $telegram
  Zalo OA relay:         $zalo
  Staff, in another terminal:  make shell

INFO
wait -n "${pids[@]}"
