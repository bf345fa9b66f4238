#!/usr/bin/env bash
# The whole test suite: pytest (which starts the real servers it needs), Rasa's test
# stories end to end (each user line parsed by the NLU, then the actions predicted) with
# --fail-on-prediction-errors, and the held-out NLU evaluation at the benchmark's levels.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3
.venv/bin/rasa test core --model models/tthc.tar.gz --stories tests/test_stories.yml --e2e \
  --fail-on-prediction-errors --out results/stories
.venv/bin/python scripts/evaluate_nlu.py
.venv/bin/python -m pytest
