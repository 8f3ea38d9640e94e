"""The shared ten-minute cache of weather and place lookups."""

from __future__ import annotations

import threading
import time

import pytest

from mumble.weather.cache import TTLCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_value_is_served_until_ttl_passes():
    clock = FakeClock()
    cache = TTLCache(ttl_seconds=600, clock=clock)
    cache.put("beijing", "rain")

    clock.now += 599
    fresh = cache.get("beijing")
    clock.now += 1
    expired = cache.get("beijing")

    assert fresh == "rain"
    assert expired is None


def test_get_or_load_loads_once_per_ttl():
    clock = FakeClock()
    cache = TTLCache(ttl_seconds=600, clock=clock)
    loads = []

    def load():
        loads.append(clock.now)
        return f"weather at {clock.now}"

    first = cache.get_or_load("key", load)
    second = cache.get_or_load("key", load)
    clock.now += 600
    third = cache.get_or_load("key", load)

    assert first == ("weather at 1000.0", False)
    assert second == ("weather at 1000.0", True)
    assert third == ("weather at 1600.0", False)
    assert len(loads) == 2


def test_concurrent_lookups_of_one_key_load_once():
    cache = TTLCache()
    loads = []
    start = threading.Barrier(8)

    def load():
        loads.append(1)
        time.sleep(0.05)
        return "clear"

    results = []

    def look_up():
        start.wait()
        results.append(cache.get_or_load("key", load)[0])

    threads = [threading.Thread(target=look_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == ["clear"] * 8
    assert len(loads) == 1


def test_failed_load_is_not_stored():
    cache = TTLCache()

    def fail():
        raise RuntimeError("lookup failed")

    with pytest.raises(RuntimeError):
        cache.get_or_load("key", fail)
    value, cached = cache.get_or_load("key", lambda: "clouds")

    assert value == "clouds"
    assert cached is False


def test_none_is_not_stored():
    cache = TTLCache()

    cache.get_or_load("key", lambda: None)

    assert len(cache) == 0


def test_oldest_entries_are_dropped_beyond_max():
    cache = TTLCache(max_entries=3)
    for key in range(5):
        cache.put(key, f"value {key}")

    assert len(cache) == 3
    assert cache.get(0) is None
    assert cache.get(1) is None
    assert cache.get(4) == "value 4"
