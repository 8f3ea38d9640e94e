"""Picking what to paint from the transcript: a Chinese keyword lexicon of motifs.

Matching runs on jieba's word segmentation rather than on raw substrings,
because many keywords are single characters that also sit inside unrelated
words: 星 in 星期 (week), 家 in 大家 (everyone), 花 in 花钱 (to spend), 海 in
上海 (Shanghai). A segment names a motif when it is a lexicon word, or when
it is a lexicon word with a size prefix (小/大…) or a place suffix (上/边/里…)
attached, or when it contains a lexicon word of two or more characters.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field

# Motif key -> (words that name it, en label). Order is the drawing catalogue order.
LEXICON: dict[str, tuple[tuple[str, ...], str]] = {
    "sea": (("海", "大海", "海边", "海洋", "海浪", "沙滩", "海滩", "浪花", "海岸", "海风", "波浪", "海水",
             "sea", "ocean", "beach", "waves"), "sea"),
    "lake": (("湖", "湖边", "湖水", "湖面", "湖泊", "池塘", "水塘", "西湖", "池", "lake", "pond"), "lake"),
    "river": (("河", "江", "河流", "小河", "河边", "江边", "溪", "小溪", "溪水", "流水", "长江", "黄河", "江水",
               "河水", "river", "stream"), "river"),
    "mountains": (("山", "高山", "山峰", "大山", "爬山", "登山", "山顶", "群山", "山脉", "峰", "山坡",
                   "山谷", "mountain", "mountains", "hill", "hills"), "mountains"),
    "city": (("城市", "都市", "街道", "大街", "高楼", "楼", "大楼", "街", "市区", "城", "霓虹", "楼房", "街头",
              "city", "street", "skyline", "downtown"), "city"),
    "forest": (("森林", "树林", "林", "丛林", "竹林", "林子", "竹", "松林", "forest", "woods", "bamboo"), "forest"),
    "tree": (("树", "大树", "树下", "柳", "柳树", "松树", "榕树", "树叶", "叶子", "落叶", "枫", "枫叶", "银杏",
              "tree", "trees", "leaves"), "tree"),
    "flowers": (("花", "鲜花", "花朵", "花园", "樱花", "桃花", "玫瑰", "荷花", "菊花", "梅花", "开花", "花开", "花儿",
                 "向日葵", "油菜花", "flower", "flowers", "garden", "blossom"), "flowers"),
    "field": (("田", "田野", "稻田", "麦田", "草地", "草原", "草", "农田", "原野", "庄稼", "稻子", "麦子", "草坪",
               "field", "meadow", "grass", "farm"), "field"),
    "moon": (("月亮", "月", "明月", "月光", "中秋", "满月", "月圆", "赏月", "月饼", "月色", "月夜", "moon", "moonlight"), "moon"),
    "stars": (("星星", "星", "星空", "繁星", "银河", "星光", "流星", "star", "stars", "galaxy"), "stars"),
    "sun": (("太阳", "阳光", "日出", "日落", "夕阳", "朝阳", "晒太阳", "艳阳", "sun", "sunshine", "sunrise",
             "sunset"), "sun"),
    "clouds": (("云", "白云", "云朵", "乌云", "彩云", "云彩", "云海", "cloud", "clouds"), "clouds"),
    "birds": (("鸟", "小鸟", "鸟儿", "飞鸟", "燕子", "鸽子", "大雁", "鹤", "海鸥", "麻雀", "白鹭", "鹭",
               "bird", "birds"), "birds"),
    "boat": (("船", "小船", "帆船", "渔船", "舟", "划船", "轮船", "坐船", "boat", "ship", "sail"), "boat"),
    "rain": (("雨", "下雨", "雨水", "大雨", "小雨", "雨天", "雨伞", "伞", "暴雨", "阵雨", "rain", "rainy",
              "umbrella"), "rain"),
    "snow": (("雪", "下雪", "雪花", "大雪", "雪人", "冰", "冰雪", "雪地", "snow", "snowy", "ice"), "snow"),
    "road": (("路", "道路", "公路", "小路", "小径", "马路", "走路", "旅行", "出发", "远方", "路上", "散步",
              "road", "path", "journey", "travel"), "road"),
    "home": (("家", "回家", "房子", "屋", "小屋", "家乡", "老家", "家里", "房间", "窗", "窗户", "窗外", "村子",
              "村庄", "我家", "home", "house", "village", "window"), "home"),
    "cat": (("猫", "小猫", "猫咪", "喵", "猫猫", "cat", "kitten"), "cat"),
    "dog": (("狗", "小狗", "狗狗", "汪", "dog", "puppy"), "dog"),
    "bridge": (("桥", "小桥", "石桥", "大桥", "桥上", "bridge"), "bridge"),
    "lantern": (("灯笼", "红灯笼", "春节", "过年", "元宵", "花灯", "灯会", "新年", "lantern", "lanterns"), "lantern"),
    "fish": (("鱼", "小鱼", "金鱼", "锦鲤", "钓鱼", "鲤鱼", "鱼儿", "fish", "koi"), "fish"),
    "butterfly": (("蝴蝶", "蝶", "butterfly", "butterflies"), "butterfly"),
    "rainbow": (("彩虹", "虹", "rainbow"), "rainbow"),
    "kite": (("风筝", "放风筝", "kite"), "kite"),
    "pagoda": (("塔", "宝塔", "寺", "庙", "寺庙", "古塔", "亭", "亭子", "pagoda", "temple", "tower"), "pagoda"),
}

# Compound words that name two motifs at once.
COMPOUNDS: dict[str, tuple[str, ...]] = {
    "雪山": ("snow", "mountains"),
    "山水": ("mountains", "river"),
    "山河": ("mountains", "river"),
    "江山": ("river", "mountains"),
    "花草": ("flowers", "field"),
    "星月": ("stars", "moon"),
    "日月": ("sun", "moon"),
    "风雪": ("snow",),
    "烟雨": ("rain", "river"),
    "湖光山色": ("lake", "mountains"),
    "荷塘": ("lake", "flowers"),
    "晚霞": ("sun", "clouds"),
    "朝霞": ("sun", "clouds"),
    "彩霞": ("sun", "clouds"),
}
# Words that name a full moon; any other mention of the moon may be drawn as a crescent.
FULL_MOON_WORDS = frozenset({"中秋", "满月", "月圆", "赏月", "月饼"})

# Characters that may sit before or after a keyword without changing what it names
# (小猫, 大山, 山上, 河边, 花儿…).
_PREFIXES = "小大老高长红白青绿蓝黄金"
_SUFFIXES = "上下里边中前后旁顶脚儿们头面"
# Chinese compounds put the head noun last (枣树 is a kind of tree, 泰山 a mountain), so a
# two- or three-character word ending in one of these names the head's motif.
_HEADS = {"树": "tree", "花": "flowers", "鸟": "birds", "山": "mountains", "湖": "lake", "河": "river",
          "江": "river", "鱼": "fish", "猫": "cat", "狗": "dog", "船": "boat", "桥": "bridge", "塔": "pagoda",
          "海": "sea"}
# Words that look like a keyword with a prefix or a head but mean something else.
_IGNORED = frozenset({"大家", "人家", "大家庭", "长城", "上海", "菜鸟", "熊猫", "热狗", "棉花", "天花",
                      "烟花", "火花", "花花", "靠山", "人海", "浙江"})

# Water motifs drawn as the scene's one body of water; the first one named wins.
WATER_MOTIFS = ("sea", "lake", "river")
# Motifs that need water in the picture, and the water they bring when none was named.
NEEDS_WATER = {"boat": "lake", "fish": "lake", "bridge": "river"}
# At most this many motifs are drawn, so the picture keeps a clear subject.
MAX_MOTIFS = 7

_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass
class MotifMatch:
    """The motifs named in a text, in order of first mention, with the word that named each."""

    motifs: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)

    def add(self, motif: str, word: str) -> None:
        if motif not in self.words:
            self.motifs.append(motif)
            self.words[motif] = word


def _build_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    long_words: list[tuple[str, str]] = []
    for motif, (words, _label) in LEXICON.items():
        for word in words:
            exact.setdefault(word, motif)
            if len(word) >= 2 and not word.isascii():
                long_words.append((word, motif))
    # Longest first, so a word containing several keywords lists the most specific motif first.
    long_words.sort(key=lambda item: -len(item[0]))
    return exact, long_words


_EXACT, _LONG_WORDS = _build_index()
_tokenizer_lock = threading.Lock()
_tokenizer = None


def _segment(text: str) -> list[str]:
    """Split text into words with a jieba tokenizer that has every lexicon word in its dictionary.

    The tokenizer is private, so adding the lexicon never changes how other
    code's jieba.lcut segments. Building it loads jieba's dictionary once per
    process (about a second).
    """
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            for word in list(_EXACT) + list(COMPOUNDS):
                if not word.isascii() and len(word) >= 2:
                    tokenizer.add_word(word)
            _tokenizer = tokenizer
    return _tokenizer.lcut(text)


def _motifs_in_token(token: str) -> list[tuple[str, str]]:
    """Return (motif, word) pairs that one segmented word names, most often none."""
    token = token.strip().lower()
    if not token:
        return []
    if token.isascii():
        return _motifs_in_english(token)
    if token in _IGNORED:
        return []
    if token in COMPOUNDS:
        return [(motif, token) for motif in COMPOUNDS[token]]
    if token in _EXACT:
        return [(_EXACT[token], token)]

    core = token
    if len(core) >= 2 and core[0] in _PREFIXES and core[1:] in _EXACT:
        core = core[1:]
    if len(core) >= 2 and core[-1] in _SUFFIXES and core[:-1] in _EXACT:
        core = core[:-1]
    if core in _EXACT:
        return [(_EXACT[core], token)]

    found = [(motif, word) for word, motif in _LONG_WORDS if word in token]
    if not found and 2 <= len(token) <= 3 and token[-1] in _HEADS:
        found.append((_HEADS[token[-1]], token))
    return found


def _motifs_in_english(token: str) -> list[tuple[str, str]]:
    if not _ASCII_WORD.fullmatch(token):
        return []
    for candidate in (token, token.removesuffix("s"), token.removesuffix("es")):
        if candidate in _EXACT:
            return [(_EXACT[candidate], token)]
    return []


def detect_motifs(*texts: str | None) -> MotifMatch:
    """Find the motifs named in the texts (transcript first, then prompt).

    Args:
        texts: any number of texts; None and empty ones are skipped.

    Returns:
        A MotifMatch with every motif named, in order of first mention.
    """
    match = MotifMatch()
    for text in texts:
        if not text:
            continue
        for token in _segment(text):
            for motif, word in _motifs_in_token(token):
                match.add(motif, word)
    return match


def choose_motifs(named: list[str]) -> list[str]:
    """Return the motifs to draw: one body of water, the water a boat needs, at most MAX_MOTIFS."""
    water = next((motif for motif in named if motif in WATER_MOTIFS), None)
    if water is None:
        water = next((NEEDS_WATER[motif] for motif in named if motif in NEEDS_WATER), None)
    chosen = [motif for motif in named if motif not in WATER_MOTIFS][: MAX_MOTIFS - (water is not None)]
    if water is not None:
        chosen.insert(0, water)
    return chosen


def motif_label(motif: str) -> str:
    """Return the English label of a motif key."""
    return LEXICON[motif][1]
