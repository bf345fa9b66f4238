"""Private PostgreSQL and Redis servers on loopback for the production-profile tests (Debian packages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

PASSWORD = "tthc-test-only"


def postgres_bin() -> Optional[Path]:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


def installed() -> bool:
    return bool(postgres_bin() and shutil.which("redis-server"))


def _as_postgres(args: List[str]) -> List[str]:
    """initdb and the server refuse to run as root: run them as Debian's postgres user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
    def __init__(self, port: int) -> None:
        self.port, self.bin = port, postgres_bin()
        self.home = Path(tempfile.mkdtemp(prefix="tthc-postgres-"))
        self.data = self.home / "data"
        (self.home / "password").write_text(PASSWORD)
        if os.geteuid() == 0:
            for path in (self.home, self.home / "password"):
                shutil.chown(path, "postgres", "postgres")

    def start(self) -> Dict[str, str]:
        """Starts the server with a superuser `tthc` and database `tthc`; returns the profile's variables."""
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-U", "tthc", "--auth=scram-sha-256"]
        subprocess.run(_as_postgres([*initdb, f"--pwfile={self.home / 'password'}"]), check=True, capture_output=True)
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1"
        pg_ctl = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.home / "log"), "-w"]
        subprocess.run(_as_postgres([*pg_ctl, "start"]), check=True, capture_output=True)
        env = {"PGPASSWORD": PASSWORD}
        createdb = [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "tthc", "tthc"]
        subprocess.run(createdb, check=True, capture_output=True, env={**os.environ, **env})
        return {
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_DB": "tthc",
            "POSTGRES_USER": "tthc",
            "POSTGRES_PASSWORD": PASSWORD,
        }

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", "fast"]), capture_output=True
        )
        shutil.rmtree(self.home, ignore_errors=True)


def start_redis(port: int, log: Path) -> subprocess.Popen:
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    return subprocess.Popen(args, stdout=log.open("w"), stderr=subprocess.STDOUT)
