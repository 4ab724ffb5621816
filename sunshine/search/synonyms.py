"""Synonyms of government terms in search (检索同义词): 低保 finds what 最低生活保障 finds.

The dictionary is the `Synonym` table (edited in the admin; seeded by migration 0005 with ~50 pairs). A query's
terms are expanded with it (`tokenize.parse_query(…, synonyms=synonym_map())`): each term also matches its text
with a dictionary term replaced by a synonym, on both backends (FTS5: `("…" OR "…")`; PostgreSQL: `(… | …)`).
The indexed documents are never touched, so the index, its size and the write path are unchanged, and an edit
takes effect on the next query.

`synonym_map()` is cached per process and checked against the table's version (row count and latest change:
one indexed aggregate over a table of a few hundred rows) on every call.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from sunshine.search.tokenize import clean_synonym_text

__all__ = ["build_map", "clean_synonym_text", "synonym_map"]

_lock = threading.Lock()
_cache: dict[str, tuple] = {}


def build_map(pairs) -> dict[str, tuple[str, ...]]:
    """{term: (synonym, …)} from (term, synonym, two_way) rows; not transitive (医保 ↔ 医疗保险 and
    医保 ↔ 医疗保障 do not make 医疗保险 find 医疗保障)."""
    out: dict[str, dict[str, None]] = {}
    for term, synonym, two_way in pairs:
        out.setdefault(term, {})[synonym] = None
        if two_way:
            out.setdefault(synonym, {})[term] = None
    return {term: tuple(alts) for term, alts in out.items()}


def synonym_map() -> dict[str, tuple[str, ...]]:
    """The active dictionary as {normalised term: (normalised synonyms, …)}."""
    from sunshine.search.models import Synonym

    active = Synonym.objects.filter(is_active=True)
    version = tuple(active.aggregate(n=Count("id"), at=Max("updated_at")).values())
    from django.db import connection

    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    cached = _cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    mapping = build_map(active.values_list("term", "synonym", "two_way"))
    with _lock:
        _cache[key] = (version, mapping)
    return mapping
