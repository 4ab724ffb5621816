"""Duplicate suggestions for the operator (重复诉求提示): open tickets that may be the same request as the one being
typed: the same caller, the same place, or a similar text.

Similar text is real: the words of both texts by the kernel's segmenter (`sunshine.search.tokenize.segment_words`,
dictionary words of two characters or more, without the filler words every caller says: `STOP_WORDS`), compared
by their overlap (|A ∩ B| ÷ min(|A|, |B|), a short repeat of a
long complaint still matches). Every query is bounded, whatever the size of the ticket table: the open tickets of
the last `days` days, the caller's (index `hotline_caller`) at most `CALLER_POOL`, the place's (index
`hotline_place_recv`) at most `PLACE_POOL`, and the newest `TEXT_POOL` open tickets (index `hotline_status_recv`)
for the text; the words of a ticket are computed once per process (`_words_of`, a cache keyed by id: a ticket's
text does not change after intake). The pool is read as ids only; texts are read for the ids not yet seen, and
the few suggested tickets at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sunshine.search.tokenize import segment_words

from .models import Ticket
from .workflow import OPEN_STATES

CALLER_POOL, PLACE_POOL, TEXT_POOL = 20, 50, 300
THRESHOLD = 0.35  # overlap from which a text is "similar"
TEXT_CHARS = 600  # the first characters of a ticket's text that are compared


@dataclass
class Suggestion:
    ticket: Ticket
    score: float
    reasons: list[str]


# Words every caller says whatever the matter: they would make any two requests look alike.
STOP_WORDS = frozenset({
    "我们", "你们", "他们", "我家", "我们家", "还是", "已经", "上次", "一次", "多次",
    "反映", "反而", "一直", "现在", "今天", "昨天", "希望", "请求", "要求", "问题",
    "情况", "这个", "那个", "这里", "那里", "没有", "不是", "可以", "怎么", "什么",
    "为什么", "一下", "一个", "非常", "特别", "还有", "而且", "但是", "因为", "所以",
    "如果", "时候", "谢谢", "你好", "您好", "麻烦", "帮忙", "尽快", "处理", "解决",
    "相关", "部门", "工作人员",
})


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in segment_words((text or "")[:TEXT_CHARS], min_len=2) if w not in STOP_WORDS)


# ticket id → (its received_at, its words): a ticket's text does not change after intake; the moment guards against
# an id used again for another ticket (SQLite reuses the highest id after a deletion; a restored backup)
_WORDS: dict[int, tuple[dt.datetime, frozenset[str]]] = {}
WORDS_CACHE_MAX = 50000


def _words_of(rows: list[tuple[int, dt.datetime]]) -> dict[int, frozenset[str]]:
    """The words of these tickets ((id, received_at) pairs): from the per-process cache, the missing or stale ones
    read in one query."""
    missing = [pk for pk, received in rows if _WORDS.get(pk, (None,))[0] != received]
    if missing:
        if len(_WORDS) + len(missing) > WORDS_CACHE_MAX:
            _WORDS.clear()
        for pk, received, title, content in Ticket.objects.filter(pk__in=missing).values_list(
                "pk", "received_at", "title", "content"):
            _WORDS[pk] = (received, words(f"{title} {content}"))
    return {pk: _WORDS[pk][1] if pk in _WORDS else frozenset() for pk, _received in rows}


def clear_cache() -> None:
    _WORDS.clear()


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _open(since: dt.datetime, exclude_pk: int | None):
    qs = Ticket.objects.filter(status__in=OPEN_STATES, received_at__gte=since, merged_into__isnull=True)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def suggest_duplicates(*, text: str, phone: str = "", place_id: int | None = None, exclude_pk: int | None = None,
                       now: dt.datetime | None = None, days: int = 30, limit: int = 5) -> list[Suggestion]:
    """At most `limit` open tickets of the last `days` days that may repeat this request, best first, each with
    its reasons (同一来电人, 同一地点, 内容相似 n%). Three bounded queries."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    same_caller: list[tuple[int, dt.datetime]] = []
    same_place: list[tuple[int, dt.datetime]] = []
    pool: list[tuple[int, dt.datetime]] = []
    if phone:
        same_caller = list(_open(since, exclude_pk).filter(caller_phone=phone).order_by("-received_at")
                           .values_list("pk", "received_at")[:CALLER_POOL])
    if place_id:
        same_place = list(_open(since, exclude_pk).filter(place_id=place_id).order_by("-received_at")
                          .values_list("pk", "received_at")[:PLACE_POOL])
    mine = words(text)
    if mine:
        pool = list(_open(since, exclude_pk).order_by("-received_at").values_list("pk", "received_at")[:TEXT_POOL])
    rows = list(dict.fromkeys([*same_caller, *same_place, *pool]))
    ids = [pk for pk, _received in rows]
    known = _words_of(rows) if mine else {}
    caller_set, place_set = {pk for pk, _ in same_caller}, {pk for pk, _ in same_place}
    scored = []
    for pk in ids:
        similarity = overlap(mine, known[pk]) if mine else 0.0
        reasons, score = [], 0.0
        if pk in caller_set:
            reasons.append("同一来电人")
            score += 1.0
        if pk in place_set and similarity >= THRESHOLD / 2:
            reasons.append("同一地点")
            score += 0.5
        if similarity >= THRESHOLD:
            reasons.append(f"内容相似{round(similarity * 100)}%")
        score += similarity
        if reasons:
            scored.append((score, pk, reasons))
    scored.sort(key=lambda row: (-row[0], -row[1]))
    best = scored[:limit]
    rows = Ticket.objects.in_bulk([pk for _score, pk, _reasons in best])
    result = [Suggestion(rows[pk], score, reasons) for score, pk, reasons in best if pk in rows]
    return result[:limit]
