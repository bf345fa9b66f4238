"""The floor: the default assistant `rasa init` creates, trained once and kept for reuse."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Optional, Tuple

from harness.processes import BIN


def floor_model(directory: Path) -> Tuple[Path, Optional[float]]:
    """The `rasa init` model; the seconds `rasa init` took when it had to be trained now."""
    models = sorted((directory / "models").glob("*.tar.gz"))
    if models:
        return models[-1], None
    directory.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(directory)],
        cwd=directory,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return sorted((directory / "models").glob("*.tar.gz"))[-1], time.monotonic() - began
