"""The catalogue's staff commands.

`python -m bot.catalogue [check] [DIRECTORY]` checks the files as the assistant will read them and
prints what was loaded, or the file, record and field of the first mistake (exit status 1).

`python -m bot.catalogue import CAPTURE --captured YYYY-MM-DD [--checked YYYY-MM-DD]` turns a
capture of the National Public Service Portal into ``national/procedures.jsonl`` and prints what
changed and where curated records differ from the portal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import List, Optional

from bot.catalogue.client import DEFAULT_DIRECTORY
from bot.catalogue.files import read_files
from bot.catalogue.importer import NATIONAL_FILE, import_capture
from bot.catalogue.model import CatalogueError
from bot.catalogue.schema import BY_CODE, build_catalogue


def check(directory: Path) -> int:
    try:
        catalogue = build_catalogue(read_files(directory))
    except CatalogueError as error:
        print(f"Lỗi danh mục / catalogue error: {error}", file=sys.stderr)
        return 1
    today = dt.date.today()
    in_force = sum(r.status(today) == "in_force" for r in catalogue.rules)
    curated = sum(p.curated for p in catalogue.procedures)
    print(
        f"OK: {len(catalogue.procedures)} procedures ({curated} curated), {len(catalogue.groups)} groups, "
        f"{len(catalogue.rules)} fee rules ({in_force} in force today), "
        f"{len(catalogue.provinces)} province(s) in {directory}"
    )
    return 0


def run_import(capture: Path, directory: Path, captured: dt.date, checked: dt.date) -> int:
    files = read_files(directory)
    by_code = {name: files.pop(name, None) or {} for name in BY_CODE}  # checked after the import
    curated_files = {k: v for k, v in files.items() if not k.startswith("national/")}
    try:
        curated = build_catalogue(curated_files)
    except CatalogueError as error:
        print(f"Lỗi danh mục / catalogue error: {error}", file=sys.stderr)
        return 1
    named = {
        name: [str(code) for code in raw.get(BY_CODE[name]) or {}] if isinstance(raw, dict) else []
        for name, raw in by_code.items()
    }
    report = import_capture(capture, directory / NATIONAL_FILE, captured, checked, curated, named)
    print("\n".join(report.lines()))
    return check(directory)


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("check", "import"):
        argv.insert(0, "check")
    parser = argparse.ArgumentParser(prog="python -m bot.catalogue", description="The procedure catalogue.")
    commands = parser.add_subparsers(dest="command", required=True)
    checking = commands.add_parser("check", help="check the catalogue files")
    checking.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIRECTORY)
    importing = commands.add_parser("import", help="import a capture of the National Public Service Portal")
    importing.add_argument("capture", type=Path, help="JSON Lines (.jsonl or .jsonl.gz) in the portal's field names")
    importing.add_argument("--captured", type=dt.date.fromisoformat, required=True, help="capture date, YYYY-MM-DD")
    importing.add_argument(
        "--checked", type=dt.date.fromisoformat, help="date the import was checked (default: the capture date)"
    )
    importing.add_argument("--directory", type=Path, default=DEFAULT_DIRECTORY)
    args = parser.parse_args(argv)
    if args.command == "import":
        return run_import(args.capture, args.directory, args.captured, args.checked or args.captured)
    return check(args.directory)


if __name__ == "__main__":
    sys.exit(main())
