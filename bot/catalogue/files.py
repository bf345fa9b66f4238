"""Reading the catalogue's YAML files from a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import yaml

from bot.catalogue.model import CatalogueError


def read_files(directory: Path) -> Dict[str, Any]:
    """Every ``*.yml`` under ``directory``, parsed, keyed by its relative path."""
    if not directory.is_dir():
        raise CatalogueError(str(directory), "-", "-", "catalogue directory not found")
    files: Dict[str, Any] = {}
    for path in sorted(directory.rglob("*.yml")):
        relative = path.relative_to(directory).as_posix()
        try:
            files[relative] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f"line {mark.line + 1}" if mark else "-"
            raise CatalogueError(relative, line, "-", f"not valid YAML: {getattr(error, 'problem', error)}") from None
    return files
