"""Checks the catalogue files as the assistant will read them: `python -m bot.catalogue [DIRECTORY]`.

Prints what was loaded, or the file, record and field of the first mistake (exit status 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.catalogue.client import DEFAULT_DIRECTORY
from bot.catalogue.files import read_files
from bot.catalogue.model import CatalogueError
from bot.catalogue.schema import build_catalogue


def main() -> int:
    parser = argparse.ArgumentParser(description="Check the procedure catalogue.")
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIRECTORY)
    args = parser.parse_args()
    try:
        catalogue = build_catalogue(read_files(args.directory))
    except CatalogueError as error:
        print(f"Lỗi danh mục / catalogue error: {error}", file=sys.stderr)
        return 1
    today = dt.date.today()
    in_force = sum(r.status(today) == "in_force" for r in catalogue.rules)
    print(
        f"OK: {len(catalogue.procedures)} procedures, {len(catalogue.groups)} groups, "
        f"{len(catalogue.rules)} fee rules ({in_force} in force today), "
        f"{len(catalogue.provinces)} province(s) in {args.directory}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
