"""Place search shared by the providers: which names to try, and which match to keep.

Geocoders index cities, districts and villages (GeoNames and the like), not
landmarks or street addresses, so "杭州西湖" finds nothing while "杭州" does.
find_place() therefore tries the name as typed first and then shorter forms
of it. When only a shorter form matched, the place keeps the user's own
words as its name, because the artwork is about West Lake even though the
coordinates are Hangzhou's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from ..context import Place

# At most this many names are tried for one query, all within one timeout.
MAX_QUERIES = 4

_SEPARATORS = re.compile(r"[,，、·/]+")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_PROVINCE = re.compile(r"^.+?(?:省|自治区|特别行政区)")
# The first administrative unit of a Chinese name: "杭州市西湖区" -> "杭州市".
_FIRST_UNIT = re.compile(r"^.+?(?:特别行政区|自治区|自治州|省|市|县|区)")
_UNIT_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|省|市|县|区)$")


def place_queries(query: str) -> list[str]:
    """Return the names to try for a place search, most specific first.

    After the name as typed comes its first part before a comma, or for
    Chinese names before a space. Chinese names then lose a leading province
    ("浙江省杭州市" -> "杭州市") and are tried as their first administrative
    unit with and without its suffix ("杭州市", "杭州"). A Chinese name with
    no such unit is tried as its first two and three characters, because most
    Chinese city names have two or three ("杭州西湖" -> "杭州").
    """
    query = " ".join(query.split())
    name = _SEPARATORS.split(query)[0].strip()
    if _HAN.match(name.split(" ")[0]):
        name = name.split(" ")[0]
    candidates = [query, name]

    if _HAN.match(name):
        province = _PROVINCE.match(name)
        if province and len(name) - province.end() >= 2:
            name = name[province.end():]
            candidates.append(name)
        unit = _FIRST_UNIT.match(name)
        if unit:
            candidates.append(unit.group(0))
            candidates.append(_UNIT_SUFFIX.sub("", unit.group(0)))
        else:
            candidates.extend((name[:2], name[:3]))

    unique: list[str] = []
    for candidate in candidates:
        if len(candidate) >= 2 and candidate not in unique:
            unique.append(candidate)
    return unique[:MAX_QUERIES]


def find_place(query: str, search: Callable[[str], Place | None]) -> Place | None:
    """Return the first place that search() finds for place_queries(query), or None.

    search() raises WeatherError when the lookup itself fails; that error ends
    the search, since the shorter names would fail the same way.
    """
    query = " ".join(query.split())
    if not query:
        return None
    for candidate in place_queries(query):
        place = search(candidate)
        if place is None:
            continue
        if candidate != query:
            place = replace(place, name=query)
        return place
    return None


def pick_best(query: str, names: list[list[str | None]]) -> int:
    """Return the index of the result whose names contain the query exactly, else 0.

    names[i] contains every name of result i (its name and its translations).
    Providers rank by relevance and population, so the first result is the
    fallback.
    """
    target = query.casefold()
    for index, result_names in enumerate(names):
        if any(name and name.casefold() == target for name in result_names):
            return index
    return 0
