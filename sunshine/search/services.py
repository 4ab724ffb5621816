"""The search interface (全文检索服务): index, remove, search, highlight. See docs/search.md.

Index writes are derived data (a copy of what the caller publishes): the caller's own service records the audit
event (e.g. "publication.publish"); these functions run inside the caller's transaction.
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sunshine.core.threads import single_worker
from sunshine.search.backends import FILTER_KEYS, INSERT_COLUMNS, clean_filters, get_backend
from sunshine.search.errors import SearchQueryError
from sunshine.search.highlight import highlight
from sunshine.search.models import SearchEntry
from sunshine.search.script import fold_script
from sunshine.search.synonyms import synonym_map
from sunshine.search.tokenize import (
    Term,
    index_tokens,
    normalize,
    parse_query,
    segment_words,
    segmenter,
    tokenize_for_index,
)

__all__ = [
    "Hit",
    "SearchPage",
    "SearchQueryError",
    "build_match_query",
    "highlight",
    "index_entry",
    "index_many",
    "index_tokens",
    "rebuild_index",
    "remove_entry",
    "search",
    "tokenize_for_index",
]

RELEVANCE_POOL = 100  # newest matches scored for relevance (and as many newest title matches)
MAX_PAGE_SIZE = 100
SNIPPET_CHARS = 120
_EPOCH = datetime(1900, 1, 1, tzinfo=UTC)


@dataclass
class Hit:
    """One result: the caller's object id, the score (0 in date order) and escaped HTML with <mark>."""

    object_id: int
    score: float
    published_at: datetime
    title_html: str
    snippet_html: str


@dataclass
class SearchPage:
    total: int
    hits: list[Hit]
    elapsed_ms: float
    page: int = 1
    page_size: int = 20
    terms: list[str] = field(default_factory=list)
    total_exact: bool = True  # False: more than `total` matches (PostgreSQL caps counting, see docs/search.md)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


# --- writing ---------------------------------------------------------------------------------------------------

KEY_TIES = 16  # keys per second of publication time


def _base_key(published_at: datetime) -> int:
    """Seconds since 1900 × 16: small gaps between neighbours keep the FTS5 doclists compact (2-byte deltas
    instead of 6 with microseconds); up to 16 entries per second keep exact order, more spill into the next second."""
    return ((published_at - _EPOCH) // timedelta(seconds=1)) * KEY_TIES


@lru_cache(maxsize=1)
def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _prepare(entry: dict, tz=None) -> dict:
    published_at = entry["published_at"]
    if published_at is None:
        raise ValueError("published_at is required")
    if timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, tz)
    filters = dict(entry.get("filters") or {})
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"unknown search filters: {sorted(unknown)}")
    year = filters.get("year")
    if year is None:
        year = published_at.astimezone(_local_zone()).year
    body = entry.get("body") or ""
    attachments = entry.get("attachments_text") or ""
    text = body + ("\n\n" + attachments if attachments else "")
    title = entry.get("title") or ""
    document_number = entry.get("document_number") or ""
    # reader script (简繁): traditional text is indexed and stored in simplified, see script.py
    title, document_number, text = fold_script(title), fold_script(document_number), fold_script(text)
    norm_title, norm_text = normalize(title), normalize(text)
    dept = filters.get("department")
    return {
        "id": None, "kind": entry["kind"], "object_id": int(entry["object_id"]), "published_at": published_at,
        "department_id": int(dept) if dept not in (None, "") else None,
        "level": str(filters.get("level") or ""), "category": str(filters.get("category") or ""),
        "genre": str(filters.get("genre") or ""), "year": int(year), "validity": str(filters.get("validity") or ""),
        "title": title, "document_number": document_number, "text": text,
        "words": " ".join(segment_words(norm_title + "\n" + norm_text, normalized=True)),
        # index tokens computed once here (the backends re-tokenise stored rows only for deletion)
        "_title_tokens": index_tokens(norm_title, normalized=True) + index_tokens(document_number),
        "_body_tokens": index_tokens(norm_text, normalized=True),
    }


def _assign_keys(rows: list[dict]) -> None:
    """Give each row a free key derived from its publication time (ties: +1)."""
    used: set[int] = set()
    pending = rows
    while pending:
        for row in pending:
            key = row["id"] if row["id"] is not None else _base_key(row["published_at"])
            while key in used:
                key += 1
            row["id"] = key
            used.add(key)
        taken = get_backend().taken_keys([row["id"] for row in pending])
        pending = [row for row in pending if row["id"] in taken]
        for row in pending:
            row["id"] += 1


PIPELINE_CHUNK = 500  # PostgreSQL: entries per step of index_many's pipeline
PIPELINE_FIRST = 100  # … and in its first step


def _preparer() -> ThreadPoolExecutor:
    """One worker thread that tokenises the next chunk while PostgreSQL writes the current one."""
    return single_worker("search-prepare")


def _prepare_chunk(entries: list[dict], tz, backend=None) -> dict[tuple, dict]:
    latest: dict[tuple, dict] = {}
    precompute = getattr(backend, "precompute", None)  # PostgreSQL: the tsvector literals
    for entry in entries:
        row = _prepare(entry, tz)
        if precompute is not None:
            precompute(row)
        latest[(row["kind"], row["object_id"])] = row  # the same object twice: the last one wins
    return latest


GIL_SWITCH_INTERVAL = 0.0002  # seconds; Python's default is 0.005
_gil_lock = threading.Lock()
_gil_state = {"users": 0, "saved": None}


@contextlib.contextmanager
def responsive_gil():
    """While a worker thread tokenises and this thread talks to the database: after each answer of the server,
    this thread needs the GIL back, and a busy thread gives it up only every `sys.getswitchinterval()` (5 ms by
    default: measured 5.2 ms median wait, i.e. ~0.2 ms per item for the ~40 round trips of an import batch of
    1,000). A shorter interval for the duration (process-wide, so counted: the last one out puts the interval
    back; it only matters when threads contend)."""
    with _gil_lock:
        if _gil_state["users"] == 0:
            _gil_state["saved"] = sys.getswitchinterval()
            sys.setswitchinterval(min(_gil_state["saved"], GIL_SWITCH_INTERVAL))
        _gil_state["users"] += 1
    try:
        yield
    finally:
        with _gil_lock:
            _gil_state["users"] -= 1
            if _gil_state["users"] == 0:
                sys.setswitchinterval(_gil_state["saved"])


def prepare_entries(entries: Iterable[dict], *, tz=None) -> dict[tuple, dict]:
    """Tokenise entries (index_entry's keyword arguments) for `index_prepared`: pure Python, no database access,
    so a caller may run it in a worker thread while its own connection is busy (the importer does). `tz`: the
    time zone of naive datetimes (the caller's current one: time zones are thread-local). Raises ValueError as
    `index_entry` does."""
    return _prepare_chunk(list(entries), tz or timezone.get_current_timezone(), get_backend())


def index_prepared(prepared: dict[tuple, dict], *, new: bool = False) -> int:
    """Write entries tokenised by `prepare_entries` (replacing existing ones), in one savepoint. Returns the
    count. Call in the thread that owns the database connection, inside the caller's transaction.
    `new=True`: the caller knows that none of these objects is indexed yet (primary keys it has just created),
    so nothing is looked up to be replaced (were one indexed, the unique (kind, object_id) constraint would fail),
    and there is no savepoint: an error rolls back the caller's whole transaction."""
    return _write(get_backend(), prepared, new=new) if prepared else 0


def index_many(entries: Iterable[dict], *, batch_size: int = 2000) -> int:
    """Index (or re-index) many entries; each dict holds index_entry's keyword arguments. Returns the count.

    Entries are tokenised (normalisation, bigrams, rjieba words: pure Python) and written chunk by chunk, each
    chunk in one savepoint. On PostgreSQL the chunks are pipelined: the next chunk is tokenised (and its tsvector
    literals written) in a worker thread while the server stores the current one and its GIN entries (one COPY per
    chunk; the client waits with the GIL released, see `responsive_gil`). SQLite runs in this process and takes the
    GIL back after every row it writes: a busy worker slowed its writes (measured), so there it tokenises and writes
    in turn.
    """
    backend = get_backend()
    tz = timezone.get_current_timezone()  # thread-local: resolved here, for naive datetimes
    pipelined = backend.vendor == "postgresql"
    size = max(1, min(batch_size, PIPELINE_CHUNK) if pipelined else batch_size)
    # pipelined: a small first chunk, so that the worker starts on the second one early
    chunks = _chunked(entries, size, first=min(size, PIPELINE_FIRST) if pipelined else size)
    count = 0
    chunk = next(chunks, None)
    current = _prepare_chunk(chunk, tz, backend) if chunk is not None else None
    with responsive_gil() if pipelined else contextlib.nullcontext():
        while current is not None:
            chunk = next(chunks, None)
            pending = None
            if pipelined and chunk is not None:
                pending = _preparer().submit(_prepare_chunk, chunk, tz, backend)
            try:
                count += _write(backend, current)
            except BaseException:
                if pending is not None:
                    pending.cancel()
                raise
            if chunk is None:
                break
            current = pending.result() if pending is not None else _prepare_chunk(chunk, tz, backend)
    return count


def _chunked(entries: Iterable[dict], size: int, *, first: int):
    chunk: list[dict] = []
    limit = first
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= limit:
            yield chunk
            chunk, limit = [], size
    if chunk:
        yield chunk


def _write(backend, latest: dict[tuple, dict], *, new: bool = False) -> int:
    rows = list(latest.values())
    # new: the caller's transaction is the unit (no savepoint: two round trips fewer per chunk)
    with transaction.atomic(savepoint=not new):
        by_kind: dict[str, list[int]] = {}
        for kind, object_id in latest:
            by_kind.setdefault(kind, []).append(object_id)
        for kind, ids in by_kind.items():
            if not new:
                backend.delete_objects(kind, ids)
        _assign_keys(rows)
        backend.insert(rows)
    return len(rows)


def index_entry(*, kind: str, object_id: int, title: str, document_number: str = "", body: str = "",
                attachments_text: str = "", published_at: datetime, filters: dict | None = None) -> None:
    """Make one object searchable (replacing its previous entry). Call inside the publishing transaction."""
    index_many([{
        "kind": kind, "object_id": object_id, "title": title, "document_number": document_number, "body": body,
        "attachments_text": attachments_text, "published_at": published_at, "filters": filters or {},
    }])


@transaction.atomic
def remove_entry(*, kind: str, object_id: int) -> bool:
    """Remove an object from the index (withdrawn, superseded…). Returns whether it was indexed."""
    return get_backend().delete_objects(kind, [int(object_id)]) > 0


@transaction.atomic
def rebuild_index(*, batch_size: int = 2000, stdout=None) -> int:
    """Re-tokenise every stored entry (after a dictionary or tokenizer change)."""
    backend = get_backend()
    segmenter.cache_clear()
    rows = list(SearchEntry.objects.order_by("id").values(*INSERT_COLUMNS))
    backend.clear()
    for row in rows:
        # reader script (简繁): entries stored before script folding existed are folded now, see script.py
        row["title"], row["document_number"], row["text"] = (
            fold_script(row["title"]), fold_script(row["document_number"]), fold_script(row["text"]))
        row["words"] = " ".join(segment_words(row["title"] + "\n" + row["text"]))
    for i in range(0, len(rows), batch_size):
        backend.insert(rows[i:i + batch_size])
        if stdout:
            stdout.write(f"{min(i + batch_size, len(rows))}/{len(rows)}\n")
    return len(rows)


# --- reading ---------------------------------------------------------------------------------------------------

def build_match_query(user_query: str, *, kind: str = "publication", filters: dict | None = None) -> str:
    """The backend's query text for `user_query`: an FTS5 MATCH expression or a PostgreSQL tsquery."""
    terms = parse_query(user_query, synonyms=synonym_map())
    backend = get_backend()
    if backend.vendor == "postgresql":
        return backend.tsquery(terms)
    return backend.match_expression(kind, terms, clean_filters(filters))


def _score(row: tuple, terms: list[Term], now_key: int) -> float:
    """Relevance of one candidate: title match (+10, +3 if a whole segmented word), occurrences in the first
    2,000 characters of the text (≤ 5 per run), dictionary word match (+2), recency (3 today → 1.5 after a year)."""
    _id, title, document_number, words, text = row
    title = normalize(title + " " + document_number)
    text = text.lower()  # scoring only: skipping NFKC here costs nothing but full-width digits in the count
    word_set = set(words.split())
    title_words = None
    score = 0.0
    for term in terms:
        best = 0.0  # a term with synonyms scores as its best-matching phrase
        for variant in term.variants:
            points = 0.0
            for run in variant.runs:
                if run in title:
                    points += 10.0
                    if title_words is None:
                        title_words = set(segmenter().cut(title, False))
                    if run in title_words:
                        points += 3.0
                points += min(text.count(run), 5)
                if run in word_set:
                    points += 2.0
            best = max(best, points)
        score += best
    age_days = max(0.0, (now_key - _id) / KEY_TIES / 86400)  # the key is the publication time
    return score + 3.0 / (1.0 + age_days / 365.0)


def _candidates(ids: list[int]) -> list[tuple]:
    """(id, title, document_number, words, first 2,000 characters of text) of the candidates, one query."""
    if not ids:
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT id, title, document_number, words, substr(text, 1, 2000) FROM search_searchentry "
                    f"WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
        return cur.fetchall()


def search(*, kind: str, query: str, filters: dict | None = None, order: str = "relevance", page: int = 1,
           page_size: int = 20) -> SearchPage:
    """Search `kind` entries. Raises SearchQueryError (Chinese message) for an unusable query."""
    started = time.perf_counter()
    if order not in ("relevance", "date"):
        raise SearchQueryError("排序方式只能是相关度或日期。")
    terms = parse_query(query, synonyms=synonym_map())  # 检索同义词: the query's terms, never the documents
    clean = clean_filters(filters)
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    start = (page - 1) * page_size
    backend = get_backend()
    matches = backend.matches(kind, terms, clean,
                              want=start + page_size if order == "date" else max(RELEVANCE_POOL, start + page_size))
    total = matches.total
    scores: dict[int, float] = {}
    cached: dict[int, dict] = {}
    if total == 0 or start >= total:
        ids: list[int] = []
    elif order == "date":
        ids = matches.newest_ids(limit=page_size, offset=start)
    else:
        newest = matches.newest_ids(limit=RELEVANCE_POOL)
        title_extra: list[int] = []
        if not matches.exact or total > len(newest):
            seen = set(newest)
            title_extra = [i for i in matches.newest_ids(limit=RELEVANCE_POOL, title_only=True)
                           if i not in seen]
        now_key = _base_key(timezone.now())
        scores = {row[0]: _score(row, terms, now_key) for row in _candidates(newest + title_extra)}
        pool = sorted(scores, key=lambda i: (-scores[i], -i))
        ids = pool[start:start + page_size]
        if len(ids) < page_size and (not matches.exact or total > len(pool)):
            ids += matches.newest_ids(limit=page_size - len(ids),
                                      offset=max(0, start - len(pool)), below=newest[-1], exclude=title_extra)
    if ids:  # the rows of the page's hits only
        cached = {r["id"]: r for r in SearchEntry.objects.filter(id__in=ids).values(
            "id", "object_id", "title", "published_at", "text")}
    runs = [run for term in terms for variant in term.variants for run in variant.runs]
    hits = []
    for i in ids:
        row = cached.get(i)
        if row is None:  # index row without entry (should not happen): skip rather than fail
            continue
        hits.append(Hit(
            object_id=row["object_id"], score=round(scores.get(i, 0.0), 3), published_at=row["published_at"],
            title_html=highlight(row["title"], runs, length=None),
            snippet_html=highlight(row["text"], runs, length=SNIPPET_CHARS),
        ))
    return SearchPage(total=total, hits=hits, elapsed_ms=(time.perf_counter() - started) * 1000, page=page,
                      page_size=page_size, terms=["".join(t.runs) for t in terms],
                      total_exact=matches.exact)

