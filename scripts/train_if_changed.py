"""Train a model only when the config, domain, training data or catalogue changed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from harness.processes import TRAINING_DATA

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ["config.yml", "domain.yml", "data", "bot/nlu", "bot/text.py"]
MODELS = ROOT / "models"
STAMP = MODELS / ".fingerprint"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(file.relative_to(ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def main() -> int:
    current = fingerprint()
    if STAMP.exists() and STAMP.read_text() == current and any(MODELS.glob("*.tar.gz")):
        print("Model is up to date; not training.")
        return 0
    print("Training data or config changed; training a model...")
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("rasa")),
            "train",
            "--fixed-model-name",
            "tthc",
            "--data",
            *TRAINING_DATA,
        ],
        cwd=ROOT,
    )
    if result.returncode == 0:
        STAMP.write_text(current)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
