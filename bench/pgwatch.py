"""Where a PostgreSQL import's time goes, seen from outside the import process.

While `dtbd import` runs, a thread asks pg_stat_activity five times a second what the
import's server process is doing, and reads that process's CPU time from /proc. Each sample
counts for the time since the previous one, so the shares add up to the wall time:

- "COPY people_x": the server is inserting rows into that table (indexes, constraints, WAL);
  "COPY, waiting for rows" when it waits inside a COPY for the client to send more;
- "COMMIT": the deferred foreign-key checks, then the commit itself;
- "client working": the transaction is open and the server waits for the next statement,
  so the Python process is reading, checking and building rows;
- "other statements": the per-chunk lookups and id allocation;
- "start-up": before the import's transaction exists (interpreter, Django, the unit list).

It also adds up the CPU the server's own writers (checkpointer, background writer, WAL
writer) spent meanwhile: a bulk load keeps them busy too.
"""

import os
import re
import threading
import time
from collections import Counter

INTERVAL = 0.2
TICKS = os.sysconf("SC_CLK_TCK")


class PgWatch(threading.Thread):
    def __init__(self, server_url: str, database: str):
        super().__init__(name="pgwatch", daemon=True)
        self.server_url, self.database = server_url, database
        self.shares: Counter[str] = Counter()
        self.backend_cpu: dict[int, float] = {}
        self._halt = threading.Event()

    def start(self) -> None:
        self.helpers_before = _helpers_cpu()
        super().start()

    def stop(self) -> dict:
        self._halt.set()
        self.join()
        return {
            "shares": dict(self.shares),
            "server_cpu_seconds": round(sum(self.backend_cpu.values()), 1),
            "helpers_cpu_seconds": round(_helpers_cpu() - self.helpers_before, 1),
        }

    def run(self) -> None:
        import psycopg

        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as conn:
            last = time.perf_counter()
            while not self._halt.wait(INTERVAL):
                rows = conn.execute(
                    "SELECT pid, state, wait_event_type, query FROM pg_stat_activity"
                    " WHERE datname = %s AND backend_type = 'client backend'"
                    " AND pid <> pg_backend_pid()",
                    [self.database],
                ).fetchall()
                now = time.perf_counter()
                self.shares[self._what(rows)] += now - last
                last = now
                for pid, *_ in rows:
                    cpu = _cpu_seconds(pid)
                    if cpu is not None:
                        self.backend_cpu[pid] = cpu

    @staticmethod
    def _what(rows) -> str:
        if not rows:
            return "start-up"
        _, state, wait_type, query = max(rows, key=lambda r: r[1] == "active")
        if state == "idle in transaction":
            return "client working"
        if state != "active":
            return "start-up"
        statement = query.strip().split(None, 1)[0].upper() if query.strip() else ""
        if statement == "COPY":
            if wait_type == "Client":
                return "COPY, waiting for rows"
            match = re.search(r'COPY "?(\w+)"?', query)
            return f"COPY {match.group(1) if match else '?'}"
        if statement == "COMMIT":
            return "COMMIT (deferred foreign-key checks)"
        return "other statements"


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


HELPERS = ("checkpointer", "background writer", "walwriter")


def _helpers_cpu() -> float:
    """CPU seconds of the server's own writers, which a bulk load keeps busy."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read().decode(errors="replace")
        except OSError:
            continue
        if cmdline.startswith("postgres:") and any(h in cmdline for h in HELPERS):
            total += _cpu_seconds(int(entry)) or 0.0
    return total
