"""Reading the catalogue's files from a directory: YAML written by staff, JSON Lines written by
the importer (one record per line, read as a list)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from bot.catalogue.model import CatalogueError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, refusing a key written twice in one mapping: YAML would keep the last
    and silently drop what staff wrote under the first."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is written twice in this mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def _json_lines(path: Path, relative: str) -> List[Any]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as error:
                raise CatalogueError(relative, f"line {number}", "-", f"not valid JSON: {error}") from None
    return records


def signature(directory: Path) -> Tuple[Tuple[str, int, int], ...]:
    """Names, sizes and modification times of the catalogue's files: equal when nothing changed."""
    stats = [(p.as_posix(), p.stat()) for p in sorted(_catalogue_files(directory))]
    return tuple((name, stat.st_size, stat.st_mtime_ns) for name, stat in stats)


def _catalogue_files(directory: Path) -> List[Path]:
    return [*directory.rglob("*.yml"), *directory.rglob("*.jsonl")]


def read_files(directory: Path) -> Dict[str, Any]:
    """Every ``*.yml`` and ``*.jsonl`` under ``directory``, parsed, keyed by its relative path."""
    if not directory.is_dir():
        raise CatalogueError(str(directory), "-", "-", "catalogue directory not found")
    files: Dict[str, Any] = {}
    for path in sorted(_catalogue_files(directory)):
        relative = path.relative_to(directory).as_posix()
        if path.suffix == ".jsonl":
            files[relative] = _json_lines(path, relative)
            continue
        try:
            files[relative] = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f"line {mark.line + 1}" if mark else "-"
            raise CatalogueError(relative, line, "-", f"not valid YAML: {getattr(error, 'problem', error)}") from None
    return files
