"""Which names a place search tries, and which match it keeps."""

from __future__ import annotations

import pytest

from mumble.context import Place
from mumble.weather.places import MAX_QUERIES, find_place, pick_best, place_queries


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("北京", ["北京"]),
        ("上海市", ["上海市", "上海"]),
        ("杭州西湖", ["杭州西湖", "杭州", "杭州西"]),
        ("浙江省杭州市西湖区", ["浙江省杭州市西湖区", "杭州市西湖区", "杭州市", "杭州"]),
        ("新疆维吾尔自治区乌鲁木齐市", ["新疆维吾尔自治区乌鲁木齐市", "乌鲁木齐市", "乌鲁木齐"]),
        ("香港特别行政区", ["香港特别行政区", "香港"]),
        ("北京 朝阳", ["北京 朝阳", "北京"]),
        ("北京，中国", ["北京，中国", "北京"]),
        ("Paris, France", ["Paris, France", "Paris"]),
        ("New York", ["New York"]),
        ("  London  ", ["London"]),
    ],
)
def test_place_queries(query, expected):
    assert place_queries(query) == expected


def test_place_queries_are_capped():
    assert len(place_queries("广东省深圳市南山区科技园")) <= MAX_QUERIES


def test_single_character_is_not_searched():
    assert place_queries("西") == []


def test_find_place_keeps_typed_name_for_fallback_match():
    hangzhou = Place(name="杭州", latitude=30.29, longitude=120.16, country="CN")
    searched = []

    def search(name):
        searched.append(name)
        return hangzhou if name == "杭州" else None

    place = find_place("杭州西湖", search)

    assert place.name == "杭州西湖"
    assert place.latitude == 30.29
    assert hangzhou.name == "杭州"
    assert searched == ["杭州西湖", "杭州"]


def test_find_place_keeps_matched_name_for_exact_query():
    beijing = Place(name="北京市", latitude=39.9, longitude=116.4, country="CN")

    place = find_place("北京", lambda name: beijing)

    assert place.name == "北京市"


def test_find_place_with_blank_query_searches_nothing():
    assert find_place("   ", lambda name: pytest.fail("searched a blank name")) is None


def test_pick_best_prefers_exact_name():
    assert pick_best("上海", [["上海市"], ["上海"]]) == 1
    assert pick_best("shanghai", [["上海市"], ["Shanghai", "上海"]]) == 1
    assert pick_best("魔都", [["上海市"], ["上海"]]) == 0
