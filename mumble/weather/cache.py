"""A small thread-safe cache with a time to live, shared by the weather providers.

Streamlit builds new provider objects on every rerun and serves several
sessions from threads of one process. So the cache lives at module level
(SHARED_CACHE), and concurrent lookups of one key wait for a single request
instead of each sending their own. Failures are not cached, so the next
lookup tries again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

Value = TypeVar("Value")

TTL_SECONDS = 600.0
MAX_ENTRIES = 1024


class TTLCache:
    """Values by key, each kept for ttl_seconds after it was stored.

    Args:
        ttl_seconds: how long a stored value is served.
        max_entries: the oldest entries are dropped beyond this count.
        clock: monotonic seconds; tests pass a fake clock.
    """

    def __init__(
        self,
        ttl_seconds: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable) -> object | None:
        """Return the live value for key, or None when it is missing or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_at, value = entry
            if self._clock() - stored_at >= self.ttl_seconds:
                del self._entries[key]
                return None
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def get_or_load(self, key: Hashable, load: Callable[[], Value]) -> tuple[Value, bool]:
        """Return (value, True) from the cache, or (load(), False) after storing it.

        Callers asking for the same missing key at once wait for one load().
        When load() raises or returns None, nothing is stored and each waiting
        caller then calls its own load().
        """
        value = self.get(key)
        if value is not None:
            return value, True  # type: ignore[return-value]

        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            value = self.get(key)
            if value is not None:
                return value, True  # type: ignore[return-value]
            try:
                value = load()
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)
            if value is not None:
                self.put(key, value)
            return value, False

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


SHARED_CACHE = TTLCache()
