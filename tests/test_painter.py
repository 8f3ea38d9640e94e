"""The offline painter: deterministic, follows weather, hour, mood and the words, and reports its recipe."""

from __future__ import annotations

import functools
import io
import itertools

import numpy as np
import pytest
from PIL import Image

from mumble.context import MOODS, WEATHER_CATEGORIES, Context, Place, Weather
from mumble.prompt import build_prompt
from mumble.render.motifs import LEXICON, choose_motifs, detect_motifs
from mumble.render.painter import DEFAULT_SCENES, PainterRenderer, composition_seed, paint
from mumble.render.png import encode_png

TRANSCRIPT = "我们在湖边散步，看见远处的山"
NOON = "2024-06-01T12:00:00+08:00"
# Mean absolute difference (0..255 per channel) between 64×64 reductions above which
# two pictures count as visibly different; re-rendering the same input gives 0.
VISIBLE = 4.0
# One everyday Chinese sentence per motif that names it.
MOTIF_SENTENCES = {
    "sea": "夏天我们一起去看大海",
    "lake": "傍晚在湖边散步",
    "river": "小时候常在河边玩",
    "mountains": "周末去爬山了",
    "city": "这座城市的夜晚很美",
    "forest": "森林里很安静",
    "tree": "门口有一棵大树",
    "flowers": "公园里的樱花开了",
    "field": "一望无际的稻田",
    "moon": "今晚的月亮好圆",
    "stars": "满天的星星在闪",
    "sun": "早上的阳光照进来",
    "clouds": "天上飘着白云",
    "birds": "窗外有小鸟在叫",
    "boat": "我们坐船过江",
    "rain": "下雨了没带伞",
    "snow": "昨晚下雪了",
    "road": "回去的路好长",
    "home": "好想回家",
    "cat": "我家的小猫睡着了",
    "dog": "小狗在门口等我",
    "bridge": "走过那座石桥",
    "lantern": "门口挂着红灯笼",
    "fish": "池子里有几条金鱼",
    "butterfly": "一只蝴蝶飞过来",
    "rainbow": "雨后出现了彩虹",
    "kite": "春天去放风筝",
    "pagoda": "山顶有一座古塔",
}


@functools.lru_cache(maxsize=None)
def render(transcript: str = TRANSCRIPT, weather: str = "clear", local_time: str = NOON, mood: str | None = "平静"):
    """Paint at 256 px (the work canvas is the same; only the upscale is smaller), once per input."""
    context = Context(mood=mood, weather=Weather(category=weather), local_time=local_time)
    return paint("", context, transcript, size=256)


def reduce(image: Image.Image) -> np.ndarray:
    return np.asarray(image.resize((64, 64), Image.Resampling.BOX), np.float32)


def difference(first: Image.Image, second: Image.Image) -> float:
    return float(np.abs(reduce(first) - reduce(second)).mean())


def test_same_input_paints_identical_png():
    renderer = PainterRenderer()
    context = Context(mood="开心", weather=Weather(category="rain"), local_time=NOON, place=Place(name="杭州"))
    first = renderer.generate("湖边的柳树", context, TRANSCRIPT)
    second = renderer.generate("湖边的柳树", context, TRANSCRIPT)
    assert first.png == second.png
    assert first.recipe == second.recipe


def test_artwork_is_1024_png_with_recipe():
    artwork = PainterRenderer().generate("", Context(mood="平静", local_time=NOON), TRANSCRIPT)
    image = Image.open(io.BytesIO(artwork.png))
    assert image.format == "PNG"
    assert image.size == (1024, 1024)
    assert (artwork.width, artwork.height) == (1024, 1024)
    assert artwork.engine == "painter"
    for key in ("motifs", "words", "palette", "brush", "weather", "time_of_day", "season", "mood_key", "seed"):
        assert key in artwork.recipe, key


def test_seed_is_stable_hash_of_words_and_place():
    context = Context(place=Place(name="上海"))
    assert composition_seed("你好", "", context) == composition_seed("你好", "", Context(place=Place(name="上海")))
    assert composition_seed("你好", "", context) != composition_seed("你好呀", "", context)
    assert composition_seed("你好", "", context) != composition_seed("你好", "", Context(place=Place(name="北京")))
    # sha256-derived, so the value is the same in every process and on every machine.
    assert composition_seed("你好", "", Context()) == 0x4494D94DC70EA8A5


def test_different_words_paint_different_pictures():
    first, _ = render("今天开会开了一整天")
    second, _ = render("晚饭吃了饺子")
    assert difference(first, second) > VISIBLE


@pytest.mark.parametrize("weather", [kind for kind in WEATHER_CATEGORIES if kind != "clear"])
def test_each_weather_changes_picture(weather):
    clear, _ = render(weather="clear")
    changed, recipe = render(weather=weather)
    assert recipe["weather"] == weather
    assert difference(clear, changed) > VISIBLE


def test_weather_kinds_differ_from_each_other():
    pictures = {kind: render(weather=kind)[0] for kind in WEATHER_CATEGORIES if kind != "unknown"}
    for first, second in itertools.combinations(pictures, 2):
        assert difference(pictures[first], pictures[second]) > VISIBLE, (first, second)


def test_rain_and_snow_fall_as_particles():
    _, rain = render(weather="rain")
    _, snow = render(weather="snow")
    _, clear = render(weather="clear")
    assert rain["precipitation"] == "rain"
    assert snow["precipitation"] == "snow"
    assert clear["precipitation"] is None


def test_each_hour_changes_picture():
    hours = {"dawn": "06:00", "day": "12:00", "dusk": "18:00", "night": "23:00"}
    pictures = {}
    for name, clock in hours.items():
        pictures[name], recipe = render(local_time=f"2024-06-01T{clock}:00+08:00")
        assert recipe["time_of_day"] == name
    for first, second in itertools.combinations(pictures, 2):
        assert difference(pictures[first], pictures[second]) > VISIBLE, (first, second)


def test_night_is_darker_than_day():
    day, _ = render(local_time="2024-06-01T12:00:00+08:00")
    night, _ = render(local_time="2024-06-01T23:00:00+08:00")
    assert reduce(night).mean() < reduce(day).mean() - 30


def test_each_mood_changes_picture():
    pictures = {None: render(mood=None)[0]}
    for key, (label_zh, _label_en) in MOODS.items():
        pictures[key], recipe = render(mood=label_zh)
        assert recipe["mood_key"] == key
        assert recipe["palette"]["name"] == key
    for first, second in itertools.combinations(pictures, 2):
        assert difference(pictures[first], pictures[second]) > VISIBLE, (first, second)


def test_angry_is_redder_than_calm():
    calm, _ = render(mood="平静")
    angry, _ = render(mood="愤怒")
    red_share = lambda image: reduce(image)[..., 0].mean() / (reduce(image).mean() + 1e-6)  # noqa: E731
    assert red_share(angry) > red_share(calm) + 0.1


def test_free_text_mood_uses_nearest_palette():
    _, recipe = render(mood="今天有点难过")
    assert recipe["mood_key"] == "melancholy"
    assert recipe["palette"]["name"] == "melancholy"


def test_season_changes_picture():
    summer, summer_recipe = render(local_time="2024-07-01T12:00:00+08:00")
    autumn, autumn_recipe = render(local_time="2024-10-20T12:00:00+08:00")
    assert summer_recipe["season"] == "summer"
    assert autumn_recipe["season"] == "autumn"
    assert difference(summer, autumn) > VISIBLE


def test_lexicon_has_at_least_twenty_motifs():
    assert len(LEXICON) >= 20
    assert set(MOTIF_SENTENCES) == set(LEXICON)


@pytest.mark.parametrize("motif", sorted(MOTIF_SENTENCES))
def test_motif_detected_from_sentence(motif):
    match = detect_motifs(MOTIF_SENTENCES[motif])
    assert motif in match.motifs, match.motifs
    assert match.words[motif] in MOTIF_SENTENCES[motif]


@pytest.mark.parametrize(
    "sentence, absent",
    [("星期天休息", "stars"), ("大家好", "home"), ("花钱买东西", "flowers"), ("我住在上海", "sea"), ("一月份很冷", "moon"),
     ("熊猫很可爱", "cat"), ("我还是个菜鸟", "birds")],
)
def test_words_containing_keyword_characters_are_not_motifs(sentence, absent):
    assert absent not in detect_motifs(sentence).motifs


def test_compound_word_names_two_motifs():
    assert detect_motifs("远处是雪山").motifs == ["snow", "mountains"]
    assert detect_motifs("天边的晚霞").motifs == ["sun", "clouds"]


@pytest.mark.parametrize("sentence, motif", [("院子里有棵枣树", "tree"), ("我们去爬泰山", "mountains"), ("一条鲨鱼", "fish")])
def test_compound_ending_in_keyword_names_its_head(sentence, motif):
    assert motif in detect_motifs(sentence).motifs


def test_prompt_motifs_follow_transcript_motifs():
    match = detect_motifs("小猫在睡觉", "a boat on the lake")
    assert match.motifs == ["cat", "boat", "lake"]


def test_boat_brings_water_and_one_water_is_drawn():
    assert choose_motifs(["boat"]) == ["lake", "boat"]
    assert choose_motifs(["sea", "lake", "cat"]) == ["sea", "cat"]


@pytest.mark.parametrize("sentence", [" ".join(MOTIF_SENTENCES[m] for m in group) for group in (
    ("mountains", "lake", "boat", "moon", "birds", "pagoda", "tree"),
    ("sea", "sun", "clouds", "cat", "dog", "kite", "flowers"),
    ("river", "bridge", "fish", "forest", "lantern", "home", "road"),
    ("city", "stars", "rain", "butterfly", "field", "snow", "rainbow"),
)])
def test_named_motifs_are_drawn_and_listed(sentence):
    _, recipe = render(sentence, local_time="2024-06-01T21:00:00+08:00" if "星星" in sentence else NOON)
    named = choose_motifs(detect_motifs(sentence).motifs)
    assert recipe["motifs"] == named
    assert set(recipe["words"]) == set(named)


def test_unknown_words_still_paint_a_scene():
    _, recipe = render("今天开了三个会")
    assert tuple(recipe["motifs"]) in DEFAULT_SCENES
    assert recipe["words"] == {}


def test_prompt_template_names_no_motif():
    context = Context(mood="平静", place=Place(name="杭州"), local_time=NOON,
                      weather=Weather(category="clouds", description="多云", temperature_c=21.0, humidity=60.0))
    assert detect_motifs(build_prompt("", context)).motifs == []


def test_png_writer_round_trips_pixels():
    pixels = np.random.default_rng(3).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    decoded = Image.open(io.BytesIO(encode_png(Image.fromarray(pixels))))
    assert decoded.format == "PNG"
    assert decoded.size == (53, 37)
    assert np.array_equal(np.asarray(decoded.convert("RGB")), pixels)
