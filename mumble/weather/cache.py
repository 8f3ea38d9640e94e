"""A small thread-safe cache with a time to live, shared by the weather providers.

Streamlit builds new provider objects on every rerun and serves several
sessions from threads of one process. So the cache lives at module level
(SHARED_CACHE), and concurrent lookups of one key wait for a single request
instead of each sending their own. Failures are not cached, so the next
lookup tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from typing import Callable, Hashable, TypeVar

from ..settings import normalize_language
from .base import check_coordinates

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
_logger = logging.getLogger(__name__)


class CachedLookups:
    """The cached `current` and `geocode` every provider shares.

    A provider sets `name`, `display_name`, `base_url`, `place_url` and `cache`
    and implements `_fetch_current` and `_find_place`; results are copied on
    the way out so a caller changing one cannot change the cached value.
    """

    name: str
    display_name: str
    base_url: str
    place_url: str
    cache: TTLCache

    def current(self, latitude: float, longitude: float, language: str = "zh-CN"):
        latitude, longitude = check_coordinates(latitude, longitude)
        language = normalize_language(language)
        key = (self.name, self.base_url, "current", latitude, longitude, language)
        weather, cached = self.cache.get_or_load(key, lambda: self._fetch_current(latitude, longitude, language))
        _logger.info("%s weather: %s%s", self.display_name, weather.category, " (cached)" if cached else "")
        return replace(weather)

    def geocode(self, query: str, language: str = "zh-CN"):
        language = normalize_language(language)
        key = (self.name, self.place_url, "place", " ".join(query.split()), language)
        place, cached = self.cache.get_or_load(key, lambda: self._find_place(query, language))
        _logger.info("%s place search: %s%s", self.display_name, "found" if place else "no match", " (cached)" if cached else "")
        return replace(place) if place else None

    def _fetch_current(self, latitude: float, longitude: float, language: str):
        raise NotImplementedError

    def _find_place(self, query: str, language: str):
        raise NotImplementedError
