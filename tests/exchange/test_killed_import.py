"""A file killed half-way leaves the database as it was (the import is one transaction)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

DTBD = [sys.executable, "-m", "dtbd.cli"]
ROWS = 300_000


def _people_file(path: Path, start: int, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("person_code,full_name,birth_date,gender,unit_code,category,professional\n")
        for i in range(start, start + count):
            handle.write(f"K{i:07d},Nguyễn Văn Thử,1980-01-01,male,08,civil_servant,university\n")
    return path


@pytest.fixture
def database(tmp_path):
    """A database of its own, reachable from a child process, on the engine under test."""
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"dtbd_kill_{os.getpid()}"
        server = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')

        def writing() -> bool:  # a transaction of the child has written rows
            with psycopg.connect(f"{server}/postgres") as conn:
                return (
                    conn.execute(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = %s AND backend_xid IS NOT NULL",
                        [name],
                    ).fetchone()[0]
                    > 0
                )

        yield (
            f"{server}/{name}",
            lambda sql: psycopg.connect(f"{server}/{name}").execute(sql),
            writing,
        )
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "killed.sqlite3"
        wal = Path(f"{path}-wal")
        start = {}

        def writing() -> bool:  # the write-ahead log grows while the transaction writes
            size = wal.stat().st_size if wal.exists() else 0
            start.setdefault("size", size)
            return size > start["size"] + 1_000_000

        yield f"sqlite:///{path}", lambda sql: sqlite3.connect(path).execute(sql), writing


def test_killing_an_import_half_way_leaves_the_database_as_it_was(database, tmp_path):
    url, execute, writing = database
    env = {**os.environ, "DTBD_DATABASE_URL": url, "DTBD_DATA_DIR": str(tmp_path)}
    run = lambda *args: subprocess.run([*DTBD, *args], env=env, check=True, capture_output=True)  # noqa: E731
    run("migrate", "-v0")
    (tmp_path / "units.csv").write_text("code,name,level,parent_code\n08,Tỉnh,province,\n")
    run("import", "units", str(tmp_path / "units.csv"))
    run("import", "people", str(_people_file(tmp_path / "first.csv", 0, 500)))

    def counts():
        return [
            execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("people_person", "people_post", "people_qualification", "people_standing")
        ]

    before = counts()
    big = _people_file(tmp_path / "big.csv", 500, ROWS)
    child = subprocess.Popen(
        [*DTBD, "import", "people", str(big)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    writing()
    deadline = time.monotonic() + 60
    while not writing() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the import finished before it could be killed"
    assert writing(), "the import never started writing"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert counts() == before == [500, 500, 500, 500]
