"""Provider responses shaped like the documented ones, with the parts a test varies as arguments.

OpenWeather: current weather API 2.5 (/data/2.5/weather) and direct
geocoding API 1.0 (/geo/1.0/direct). Open-Meteo: /v1/forecast with current=
variables, and the geocoding API's /v1/search.
"""

from __future__ import annotations

from typing import Any

OPENWEATHER_CONDITIONS = {
    # id: (main, zh_cn description, en description), from OpenWeather's condition table.
    201: ("Thunderstorm", "雷阵雨", "thunderstorm with rain"),
    300: ("Drizzle", "毛毛雨", "light intensity drizzle"),
    501: ("Rain", "中雨", "moderate rain"),
    601: ("Snow", "雪", "snow"),
    701: ("Mist", "薄雾", "mist"),
    721: ("Haze", "霾", "haze"),
    741: ("Fog", "雾", "fog"),
    771: ("Squall", "狂风", "squalls"),
    781: ("Tornado", "龙卷风", "tornado"),
    800: ("Clear", "晴", "clear sky"),
    803: ("Clouds", "多云", "broken clouds"),
    804: ("Clouds", "阴，多云", "overcast clouds"),
}


def openweather_current(
    condition_id: int = 501,
    *,
    language: str = "zh_cn",
    temp: float = 18.4,
    humidity: int = 82,
    wind_speed: float = 3.6,
    name: str = "Beijing",
    country: str = "CN",
    lat: float = 39.9,
    lon: float = 116.4,
    dt: int = 1_717_214_400,
    timezone: int = 28_800,
) -> dict[str, Any]:
    main, description_zh, description_en = OPENWEATHER_CONDITIONS[condition_id]
    payload: dict[str, Any] = {
        "coord": {"lon": lon, "lat": lat},
        "weather": [
            {
                "id": condition_id,
                "main": main,
                "description": description_zh if language == "zh_cn" else description_en,
                "icon": "10d",
            }
        ],
        "base": "stations",
        "main": {
            "temp": temp,
            "feels_like": temp - 0.6,
            "temp_min": temp - 1.2,
            "temp_max": temp + 1.1,
            "pressure": 1009,
            "humidity": humidity,
            "sea_level": 1009,
            "grnd_level": 1004,
        },
        "visibility": 10000,
        "wind": {"speed": wind_speed, "deg": 160, "gust": wind_speed * 1.6},
        "clouds": {"all": 75},
        "dt": dt,
        "sys": {"type": 1, "id": 9609, "country": country, "sunrise": dt - 20_000, "sunset": dt + 30_000},
        "timezone": timezone,
        "id": 1816670,
        "name": name,
        "cod": 200,
    }
    if condition_id // 100 == 5:
        payload["rain"] = {"1h": 1.4}
    if condition_id // 100 == 6:
        payload["snow"] = {"1h": 0.6}
    return payload


def openweather_error(status: int, message: str) -> dict[str, Any]:
    return {"cod": status, "message": message}


OPENWEATHER_PLACES = {
    "北京": {
        "name": "Beijing",
        "local_names": {"zh": "北京市", "en": "Beijing", "ja": "北京市", "ru": "Пекин"},
        "lat": 39.906217,
        "lon": 116.3912757,
        "country": "CN",
        "state": "Beijing",
    },
    "杭州": {
        "name": "Hangzhou",
        "local_names": {"zh": "杭州市", "en": "Hangzhou"},
        "lat": 30.2489634,
        "lon": 120.2052342,
        "country": "CN",
        "state": "Zhejiang",
    },
    "London": {
        "name": "London",
        "local_names": {"zh": "伦敦", "en": "London", "fr": "Londres"},
        "lat": 51.5073219,
        "lon": -0.1276474,
        "country": "GB",
        "state": "England",
    },
}


def openmeteo_current(
    code: int = 63,
    *,
    temperature: float = 18.4,
    humidity: int = 82,
    wind_speed: float = 3.6,
    wind_unit: str = "m/s",
    time: str = "2024-06-01T12:00",
    utc_offset_seconds: int = 28_800,
) -> dict[str, Any]:
    return {
        "latitude": 39.875,
        "longitude": 116.375,
        "generationtime_ms": 0.0629425048828125,
        "utc_offset_seconds": utc_offset_seconds,
        "timezone": "Asia/Shanghai",
        "timezone_abbreviation": "GMT+8",
        "elevation": 49.0,
        "current_units": {
            "time": "iso8601",
            "interval": "seconds",
            "temperature_2m": "°C",
            "relative_humidity_2m": "%",
            "weather_code": "wmo code",
            "wind_speed_10m": wind_unit,
        },
        "current": {
            "time": time,
            "interval": 900,
            "temperature_2m": temperature,
            "relative_humidity_2m": humidity,
            "weather_code": code,
            "wind_speed_10m": wind_speed,
        },
    }


def openmeteo_error(reason: str) -> dict[str, Any]:
    return {"error": True, "reason": reason}


OPEN_METEO_PLACES = {
    "北京": {
        "id": 1816670,
        "name": "北京",
        "latitude": 39.9075,
        "longitude": 116.39723,
        "elevation": 49.0,
        "feature_code": "PPLC",
        "country_code": "CN",
        "admin1_id": 2038349,
        "timezone": "Asia/Shanghai",
        "population": 18960744,
        "country_id": 1814991,
        "country": "中国",
        "admin1": "北京市",
    },
    "上海": {
        "id": 1796236,
        "name": "上海",
        "latitude": 31.22222,
        "longitude": 121.45806,
        "elevation": 12.0,
        "feature_code": "PPLA",
        "country_code": "CN",
        "admin1_id": 1796231,
        "timezone": "Asia/Shanghai",
        "population": 24874500,
        "country_id": 1814991,
        "country": "中国",
        "admin1": "上海市",
    },
    "上海市": {
        "id": 1796231,
        "name": "上海市",
        "latitude": 31.16667,
        "longitude": 121.41667,
        "elevation": 4.0,
        "feature_code": "ADM1",
        "country_code": "CN",
        "admin1_id": 1796231,
        "timezone": "Asia/Shanghai",
        "population": 22315474,
        "country_id": 1814991,
        "country": "中国",
        "admin1": "上海市",
    },
    "杭州": {
        "id": 1808926,
        "name": "杭州",
        "latitude": 30.29365,
        "longitude": 120.16142,
        "elevation": 10.0,
        "feature_code": "PPLA",
        "country_code": "CN",
        "admin1_id": 1784764,
        "admin2_id": 1808925,
        "timezone": "Asia/Shanghai",
        "population": 6241971,
        "country_id": 1814991,
        "country": "中国",
        "admin1": "浙江省",
        "admin2": "杭州市",
        "postcodes": ["310000"],
    },
}


def openmeteo_search(*names: str) -> dict[str, Any]:
    """Return a /v1/search response listing the named places; with no names, no "results" key at all."""
    payload: dict[str, Any] = {"generationtime_ms": 0.71}
    if names:
        payload["results"] = [OPEN_METEO_PLACES[name] for name in names]
    return payload
