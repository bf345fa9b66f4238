"""The production profile on loopback for the tests and the benchmark: private PostgreSQL and Redis
servers (Debian packages), an action server keeping its feedback in PostgreSQL, and several Rasa
servers with endpoints.production.yml and no HTTP API."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import psycopg2

from harness.processes import MODEL, ROOT, free_port, rasa_command, start, start_actions, stop, wait_until_up

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


class Profile:
    """The running profile: the Rasa servers' URLs, their processes, the database and the action
    server's webhook (which wants the profile's token)."""

    def __init__(
        self, urls: List[str], rasa: List[subprocess.Popen], database: Dict[str, str], action_url: str
    ) -> None:
        self.urls, self.rasa, self.database, self.action_url = urls, rasa, database, action_url

    def query(self, sql: str, *parameters: str) -> List[tuple]:
        connection = psycopg2.connect(
            host="127.0.0.1",
            port=self.database["POSTGRES_PORT"],
            dbname=self.database["POSTGRES_DB"],
            user=self.database["POSTGRES_USER"],
            password=self.database["POSTGRES_PASSWORD"],
        )
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            rows = cursor.fetchall()
        connection.close()
        return rows


@contextmanager
def production_profile(logs: Path, rasa_servers: int = 2) -> Iterator[Profile]:
    postgres = Postgres(free_port())
    redis_port = free_port()
    processes = [start_redis(redis_port, logs / "redis.log")]
    try:
        database = postgres.start()
        feedback = "postgresql://{POSTGRES_USER}:{POSTGRES_PASSWORD}@127.0.0.1:{POSTGRES_PORT}/{POSTGRES_DB}"
        action_port, token = free_port(), secrets.token_urlsafe(16)
        action_env = {"FEEDBACK_DB_URL": feedback.format(**database), "ACTION_SERVER_TOKEN": token}
        processes.append(start_actions(action_port, logs / "actions.log", action_env))
        env = {
            **database,
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis_port),
            "REDIS_PASSWORD": "",
            "REDIS_DB": "0",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
            "ACTION_SERVER_TOKEN": token,
        }
        urls, rasa = [], []
        for _ in range(rasa_servers):
            port = free_port()
            args = rasa_command(port, MODEL, ROOT / "endpoints.production.yml", api=False)
            rasa.append(start(args, logs / f"rasa-{port}.log", env))
            processes.append(rasa[-1])
            urls.append(f"http://127.0.0.1:{port}")
            wait_until_up(f"{urls[-1]}/", rasa[-1])
        yield Profile(urls, rasa, database, env["ACTION_SERVER_URL"])
    finally:
        for process in reversed(processes):
            stop(process)
        postgres.stop()
