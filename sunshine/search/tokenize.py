"""Chinese tokenisation for the search index (分词与二元切分), shared by both backends.

Index tokens of a text (after NFKC and lower-casing):
- every run of Chinese characters gives its overlapping bigrams, then its last character as a single token
  ("信息公开" → 信息 息公 公开 开); the single token also separates consecutive runs, so a phrase of bigrams
  never straddles two runs;
- every run of other letters/digits is one token ("〔2014〕34号" → 2014 34 号).
A Chinese query of n ≥ 2 characters is the phrase of its n−1 bigrams: exactly "contains this substring".

Dictionary words (rjieba + data/gov_terms.txt) of ≥ 3 characters are produced separately by `segment_words`;
they feed relevance only.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING

from sunshine.search.script import fold_script

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

MAX_QUERY_CHARS = 50

_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# group 1: a run of Chinese characters; group 2: a run of other letters/digits (no underscore).
RUN_RE = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
CJK_RE = re.compile(rf"[{_CJK}]")

TERMS_FILE = Path(__file__).parent / "data" / "gov_terms.txt"


_FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
# Invisible format characters pasted with a query (zero-width space, soft hyphen, BOM, direction marks): NFKC keeps
# them, and inside a word they split it into runs that match nothing ("预\u200b算").
_INVISIBLE_RE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _halfwidth(m: re.Match) -> str:
    c = m.group()
    return " " if c == "\u3000" else chr(ord(c) - 0xFEE0)


def normalize(text: str) -> str:
    """NFKC (full-width → half-width, compatibility forms) and lower case.

    Same result as unicodedata.normalize("NFKC", text).lower(), ~10× faster on Chinese text: the usual full-width
    forms (their NFKC mapping is exactly "minus 0xFEE0") are replaced first, and full NFKC runs only if needed.
    """
    if not text:
        return ""
    text = _FULLWIDTH_RE.sub(_halfwidth, text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def index_tokens(text: str, *, normalized: bool = False) -> list[str]:
    """The index tokens of `text` in order (see module docstring)."""
    out: list[str] = []
    append = out.append
    extend = out.extend
    for m in RUN_RE.finditer(text if normalized else normalize(text)):
        run = m.group(1)
        if run is None:
            append(m.group(2))
        else:
            if len(run) > 1:
                extend(map(add, run, run[1:]))
            append(run[-1])
    return out


def tokenize_for_index(text: str) -> str:
    """Space-joined index tokens: what the FTS5 column / tsvector receives."""
    return " ".join(index_tokens(text))


@lru_cache(maxsize=1)
def segmenter():
    """An rjieba segmenter loaded with the government terms dictionary (rjieba supports `add_word`)."""
    import rjieba

    seg = rjieba.Jieba()
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, freq = line.partition(" ")
        seg.add_word(word, int(freq) if freq.strip().isdigit() else None, None)
    return seg


def segment_words(text: str, *, min_len: int = 3, normalized: bool = False) -> list[str]:
    """Distinct dictionary words of at least `min_len` Chinese characters, in order of first appearance."""
    seen: dict[str, None] = {}
    for word in segmenter().cut(text if normalized else normalize(text), False):
        if len(word) >= min_len and CJK_RE.match(word) and word not in seen:
            seen[word] = None
    return list(seen)


@dataclass(frozen=True)
class Term:
    """One whitespace-separated query term, compiled to a token phrase.

    `tokens`: the phrase; `prefix`: the last token is a prefix (a trailing one-character Chinese run);
    `runs`: the normalised runs of the term, for highlighting and scoring; `alternatives`: the same term written
    with a synonym (检索同义词, `sunshine.search.synonyms`): the term matches an entry if its own phrase or any
    alternative's does (OR inside the term; terms are ANDed).
    """

    tokens: tuple[str, ...]
    prefix: bool
    runs: tuple[str, ...]
    alternatives: tuple[Term, ...] = ()

    @property
    def variants(self) -> tuple[Term, ...]:
        """The term itself, then its alternatives."""
        return (self, *self.alternatives)


def clean_synonym_text(value: str) -> str:
    """A dictionary term as stored: normalised like a query (NFKC, lower case, simplified), no whitespace."""
    from django.core.exceptions import ValidationError

    text = normalize(fold_script((value or "").strip()))
    if not text:
        raise ValidationError("请填写词语。")
    if any(ch.isspace() for ch in text):
        raise ValidationError("词语中不能有空格（一个词语一行）。")
    if not RUN_RE.search(text):
        raise ValidationError("词语中没有可检索的文字（汉字、字母或数字）。")
    if len(text) < 2 and CJK_RE.match(text):
        raise ValidationError("单个汉字不能作为同义词。")
    return text


MAX_VARIANTS = 8  # phrases per term, the term itself included (several synonyms in one term multiply)


def _compile(chunk: str) -> Term | None:
    """The phrase of one normalised, whitespace-free chunk (None: no searchable character)."""
    runs = [(m.group(1), m.group(2)) for m in RUN_RE.finditer(chunk)]
    if not runs:
        return None
    tokens: list[str] = []
    prefix = False
    last = len(runs) - 1
    for i, (cjk, word) in enumerate(runs):
        if cjk is None:
            tokens.append(word)
            continue
        if len(cjk) > 1:
            tokens.extend(a + b for a, b in itertools.pairwise(cjk))
        if i < last:
            tokens.append(cjk[-1])  # the run ends here in the text too: its run-final token
        elif len(cjk) == 1:
            tokens.append(cjk)  # a trailing single character: any token starting with it
            prefix = True
    return Term(tuple(tokens), prefix, tuple(c or w for c, w in runs))


def synonym_variants(chunk: str, synonyms: Mapping[str, Sequence[str]]) -> list[str]:
    """`chunk` written with its synonyms: each dictionary term found in it (longest first, left to right, no
    overlaps) replaced by each of its synonyms, at most MAX_VARIANTS strings, `chunk` itself first.

    "低保申请" with {低保: [最低生活保障]} → ["低保申请", "最低生活保障申请"]."""
    if not synonyms:
        return [chunk]
    keys = sorted((k for k in synonyms if k and k in chunk), key=len, reverse=True)
    if not keys:
        return [chunk]
    pieces: list[list[str]] = []  # alternating fixed text and [term, synonym, …] choices
    i = text_start = 0
    while i < len(chunk):
        key = next((k for k in keys if chunk.startswith(k, i)), None)
        if key is None:
            i += 1
            continue
        pieces.append([chunk[text_start:i]])
        pieces.append([key, *(alt for alt in synonyms[key] if alt != key)])
        i = text_start = i + len(key)
    pieces.append([chunk[text_start:]])
    out: list[str] = []
    for combo in itertools.product(*pieces):
        variant = "".join(combo)
        if variant not in out:
            out.append(variant)
        if len(out) >= MAX_VARIANTS:
            break
    return out


def parse_query(user_query: str, *, synonyms: Mapping[str, Sequence[str]] | None = None) -> list[Term]:
    """Split a user query into terms (AND). Raises SearchQueryError (Chinese) for unusable input.

    `synonyms`: {normalised term: [normalised synonyms]} (`synonyms.synonym_map()`); each term then also matches
    its synonym variants (`Term.alternatives`)."""
    from sunshine.search.errors import SearchQueryError

    raw = _INVISIBLE_RE.sub("", user_query or "").strip()
    if not raw:
        raise SearchQueryError("请输入检索词。")
    if len(raw) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"检索词过长，请不超过{MAX_QUERY_CHARS}个字。")
    raw = fold_script(raw)  # reader script (简繁): a traditional query is matched in simplified, see script.py
    terms: list[Term] = []
    seen: set[tuple] = set()
    for chunk in normalize(raw).split():
        term = _compile(chunk)
        if term is None:
            continue
        key = (term.tokens, term.prefix)
        if key in seen:
            continue
        seen.add(key)
        if synonyms:
            alternatives: list[Term] = []
            phrases = {key}
            for variant in synonym_variants(chunk, synonyms)[1:]:
                alt = _compile(variant)
                if alt is not None and (alt.tokens, alt.prefix) not in phrases:
                    phrases.add((alt.tokens, alt.prefix))
                    alternatives.append(alt)
            if alternatives:
                term = Term(term.tokens, term.prefix, term.runs, tuple(alternatives))
        terms.append(term)
    if not terms:
        raise SearchQueryError("检索词中没有可检索的文字（汉字、字母或数字）。")
    return terms
