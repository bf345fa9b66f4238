#!/usr/bin/env bash
# The whole test suite: pytest (which starts the real servers it needs), then Rasa's
# end-to-end test stories against the trained model and the real action server.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest
.venv/bin/python scripts/test_stories.py
