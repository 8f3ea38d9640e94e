"""Identify the process working on a record, to tell a live run from a dead one.

A record left "processing" by a process that was killed would otherwise look
busy until it goes stale. Each run stamps the record with host, pid and the
process start time (pid alone can be reused after a restart), so a reader on
the same host can see at once that the worker is gone.
"""

from __future__ import annotations

import os
import socket
from functools import lru_cache


def _start_ticks(pid: int) -> str | None:
    # Field 22 of /proc/PID/stat is the start time in clock ticks since boot (Linux only).
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            stat = handle.read()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


@lru_cache(maxsize=1)
def current_worker() -> str:
    """Return "host:pid:start" for this process."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or ''}"


def worker_is_dead(worker: str | None) -> bool:
    """Return True only when worker ran on this host and that process is gone.

    Workers on other hosts, or stamps that cannot be checked, count as alive;
    those records become retryable when they go stale instead.
    """
    if not worker:
        return False
    host, _, rest = worker.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return bool(start) and _start_ticks(pid) not in (None, start)
