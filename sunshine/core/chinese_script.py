"""Simplified ↔ traditional Chinese conversion (简繁转换), shared by the reader toggle and search.

Backed by OpenCC (`opencc` on PyPI, the official binding of BYVoid/OpenCC: C++ with its dictionaries inside the
wheel; nothing is downloaded). Conversion is phrase-aware (头发 → 頭髮, 发展 → 發展) and changes characters only,
never vocabulary: the Taiwan-vocabulary configurations (`s2twp`/`tw2sp`) are not used, because they rewrite
mainland words (程序 → 進程, 建立 → 創建, 文件 → 文檔) and would corrupt mainland text such as seed 002.

- Traditional output uses the Taiwan standard glyphs (群眾, 為, 著), the forms seed 002 and most traditional
  readers use, rather than OpenCC's own standard (羣衆, 爲, 着): OpenCC `s2t` then `t2tw`, in two calls. That is
  the chain of OpenCC's `s2tw` configuration, whose one-call form is 3× slower (its second step re-segments the
  text); both gave the same output on the seed reports and 3,000 synthetic items (1.07 M characters).
- Simplified output: a text that is mostly traditional goes through `tw2s` (which also knows the Taiwan glyph
  usages, 本著 → 本着, so whatever `to_traditional` wrote comes back exactly); a mostly simplified text with a
  few traditional characters goes through `t2s` (`tw2s` would turn the simplified 显著 into 显着); a text
  without any traditional character is returned as it is, without calling OpenCC.
- The "tofu risk" extension dictionaries are left out: they map to rare characters common fonts cannot show.
"""

from __future__ import annotations

import re
from functools import lru_cache

HANS = "hans"  # 简体
HANT = "hant"  # 繁體
SCRIPTS = (HANS, HANT)

TO_TRADITIONAL = ("s2t", "t2tw")
MOSTLY_TRADITIONAL_TO_SIMPLIFIED = "tw2s"
MIXED_TO_SIMPLIFIED = "t2s"

# Code points of the BMP where Chinese characters live.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_JOIN = "\ue000"  # a private-use character: never part of a dictionary phrase, so OpenCC keeps it in place


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config, include_tofu_risk_dictionaries=False)


def _convert(text: str, config: str | tuple[str, ...]) -> str:
    for name in (config,) if isinstance(config, str) else config:
        text = _converter(name).convert(text)
    return text


def _convert_many(texts: list[str], config: str | tuple[str, ...]) -> list[str]:
    """Each of `texts` through `config` (one OpenCC configuration or a chain), in one call per configuration
    (a phrase never spans two texts)."""
    if not texts:
        return []
    if not any(_JOIN in t for t in texts):
        out = _convert(_JOIN.join(texts), config).split(_JOIN)
        if len(out) == len(texts):
            return out
    return [_convert(t, config) for t in texts]


class _CharSet:
    """The BMP characters a conversion changes, derived once from the converter itself (~0.1 s), so it always
    agrees with the installed dictionaries. A regex class of BMP characters compiles to a bitmap: ~4 ns per
    character searched. (The few hundred supplementary-plane characters are left out: a class holding them is
    scanned as a list, 150× slower, and a text is never traditional through rare extension-B characters alone.)"""

    def __init__(self, config: str):
        chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
        changed = [c for c, s in zip(chars, _convert_many(chars, config), strict=True) if c != s]
        self.bmp = re.compile("[" + re.escape("".join(c for c in changed if ord(c) < 0x10000)) + "]")

    def search(self, text: str) -> bool:
        return self.bmp.search(text) is not None

    def count(self, text: str) -> int:
        return len(self.bmp.findall(text))


@lru_cache(maxsize=1)
def _traditional_chars() -> _CharSet:
    return _CharSet("t2s")  # 開, 資, 務 …; not 著 (a simplified character too)


@lru_cache(maxsize=1)
def _simplified_chars() -> _CharSet:
    return _CharSet("s2t")  # 开, 资, 务 …


def has_traditional(text: str) -> bool:
    """Whether `text` holds a traditional-only character (開, 資, 務; ~4 ns per character)."""
    return bool(text) and _traditional_chars().search(text)


def is_mostly_traditional(text: str) -> bool:
    """More traditional-only than simplified-only characters (seed 002: yes; 乾隆年间的档案: no)."""
    return has_traditional(text) and _traditional_chars().count(text) > _simplified_chars().count(text)


def to_traditional(text: str) -> str:
    return _convert(text, TO_TRADITIONAL) if text else ""


def to_simplified(text: str) -> str:
    return to_simplified_many([text])[0]


def to_simplified_many(texts: list[str]) -> list[str]:
    """Each text in simplified characters (see the module docstring for which conversion each one gets)."""
    out = list(texts)
    mostly: list[int] = []
    mixed: list[int] = []
    for i, text in enumerate(texts):
        if has_traditional(text):
            (mostly if is_mostly_traditional(text) else mixed).append(i)
    for indexes, config in ((mostly, MOSTLY_TRADITIONAL_TO_SIMPLIFIED), (mixed, MIXED_TO_SIMPLIFIED)):
        for i, converted in zip(indexes, _convert_many([texts[i] for i in indexes], config), strict=True):
            out[i] = converted
    return out


def convert_many(texts: list[str], script: str) -> list[str]:
    """Each of `texts` in `script` (HANS or HANT)."""
    if script == HANT:
        return _convert_many(texts, TO_TRADITIONAL)
    if script == HANS:
        return to_simplified_many(texts)
    raise ValueError(f"unknown script {script!r}")
