"""The two engines behind the search interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both receive the same pre-tokenised text (`sunshine.search.tokenize`); both answer the same three questions:
how many entries match (`count`), the ids of the newest matches (`newest_ids`, optionally title/document
number only), given the compiled terms and the filters.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import math
import time
from operator import add

from django.conf import settings
from django.db import connection, transaction

from sunshine.search.tokenize import Term, index_tokens

FILTER_KEYS = ("department", "level", "category", "genre", "year", "validity")
ENTRY_COLUMNS = {
    "department": "department_id", "level": "level", "category": "category", "genre": "genre",
    "year": "year", "validity": "validity",
}
INSERT_COLUMNS = ("id", "kind", "object_id", "published_at", "department_id", "level", "category", "genre", "year",
                  "validity", "title", "document_number", "text", "words")


INSERT_WORK_MEM = "64MB"
QUERY_WORK_MEM = "16MB"  # search queries (see PostgresBackend._run_with_plan; measured in docs/search.md)


def facet_token(name: str, value) -> str:
    """An ASCII token standing for `name = value` in the FTS5 facets column."""
    return "f" + hashlib.sha1(f"{name}={value}".encode()).hexdigest()[:15]


def _filter_values(value) -> list:
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    return [v for v in values if v is not None and v != ""]


def clean_filters(filters: dict | None) -> dict[str, list]:
    from sunshine.search.errors import SearchQueryError

    out: dict[str, list] = {}
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise SearchQueryError(f"不支持的筛选条件：{key}")
        values = _filter_values(value)
        if not values:
            continue
        if key in ("department", "year"):
            try:
                values = [int(v) for v in values]
            except (TypeError, ValueError):
                raise SearchQueryError("筛选条件的取值无效。") from None
        else:
            values = [str(v) for v in values]
        out[key] = values
    return out


class SQLiteBackend:
    vendor = "sqlite"

    # --- writing -------------------------------------------------------------------------------------------
    @staticmethod
    def _fts_values(row: dict) -> tuple:
        title, body = _tokens(row)
        return (row["id"], " ".join(title), " ".join(body), row["words"], facets_of(row))

    @staticmethod
    def _title_values(row: dict) -> tuple:
        return (row["id"], " ".join(_tokens(row)[0]), facets_of(row))

    def insert(self, rows: list[dict]) -> None:
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO search_searchentry ({', '.join(INSERT_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(INSERT_COLUMNS))})",
                [tuple(_adapt(row, c) for c in INSERT_COLUMNS) for row in rows],
            )
            cur.executemany(
                "INSERT INTO search_fts (rowid, title, body, words, facets) VALUES (%s, %s, %s, %s, %s)",
                [self._fts_values(row) for row in rows],
            )
            cur.executemany("INSERT INTO search_fts_title (rowid, title, facets) VALUES (%s, %s, %s)",
                            [self._title_values(row) for row in rows])

    def delete(self, rows: list[dict]) -> None:
        """Contentless FTS5 deletes need the exact tokens indexed: re-tokenised from the stored text."""
        if not rows:
            return
        with connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO search_fts (search_fts, rowid, title, body, words, facets) "
                "VALUES ('delete', %s, %s, %s, %s, %s)",
                [self._fts_values(row) for row in rows],
            )
            cur.executemany("INSERT INTO search_fts_title (search_fts_title, rowid, title, facets) "
                            "VALUES ('delete', %s, %s, %s)", [self._title_values(row) for row in rows])
            ids = [row["id"] for row in rows]
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                cur.execute(f"DELETE FROM search_searchentry WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)

    @staticmethod
    def taken_keys(keys: list[int]) -> set[int]:
        """Which of these entry keys are in use."""
        from sunshine.search.models import SearchEntry

        taken: set[int] = set()
        for i in range(0, len(keys), 500):
            taken |= set(SearchEntry.objects.filter(id__in=keys[i:i + 500]).values_list("id", flat=True))
        return taken

    def delete_objects(self, kind: str, object_ids: list[int]) -> int:
        """Remove the entries of these objects, if any; returns how many. Contentless FTS5 needs each entry's
        tokens to delete it: the stored rows are read first."""
        from sunshine.search.models import SearchEntry

        rows: list[dict] = []
        for i in range(0, len(object_ids), 500):
            rows += SearchEntry.objects.filter(kind=kind, object_id__in=object_ids[i:i + 500]).values(*INSERT_COLUMNS)
        self.delete(rows)
        return len(rows)

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
            cur.execute("INSERT INTO search_fts_title (search_fts_title) VALUES ('delete-all')")
            cur.execute("DELETE FROM search_searchentry")

    # --- reading -------------------------------------------------------------------------------------------
    @staticmethod
    def match_expression(kind: str | None, terms: list[Term], filters: dict[str, list], *, title_only=False) -> str:
        phrases = " AND ".join(_fts_term(t) for t in terms)
        columns = "title" if title_only else "{title body}"
        facets = [facet_token("kind", kind)] if kind is not None else []  # None: every entry is of that kind
        for key, values in filters.items():
            alts = [facet_token(key, v) for v in values]
            facets.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        expression = f"{columns} : ({phrases})"
        return expression + (f" AND facets : ({' AND '.join(facets)})" if facets else "")

    def matches(self, kind, terms, filters, *, want=0) -> SQLiteMatches:
        return SQLiteMatches(self, kind, terms, filters, cap=count_cap("sqlite"))

    def count(self, kind, terms, filters, *, limit=None) -> int:
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        params: list = [self.match_expression(kind, terms, filters)]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM ({sql})", params)
            return cur.fetchone()[0]

    @staticmethod
    def single_kind(kind: str) -> bool:
        """Whether every entry is of `kind` (then its facet, present in every row, need not be intersected)."""
        with connection.cursor() as cur:
            cur.execute("SELECT (SELECT kind FROM search_searchentry ORDER BY kind LIMIT 1), "
                        "(SELECT kind FROM search_searchentry ORDER BY kind DESC LIMIT 1)")
            low, high = cur.fetchone()
        return low == high == kind

    def newest_ids(self, kind, terms, filters, *, limit, offset=0, title_only=False, below=None, exclude=()):
        # title matches come from the small titles-only table: a column filter on the main table would walk the
        # whole doclists of words that are common in bodies
        table = "search_fts_title" if title_only else "search_fts"
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
        params: list = [self.match_expression(kind, terms, filters, title_only=title_only)]
        if below is not None:
            sql += " AND rowid < %s"
            params.append(below)
        if exclude:
            sql += f" AND rowid NOT IN ({', '.join(['%s'] * len(exclude))})"
            params.extend(exclude)
        sql += " ORDER BY rowid DESC LIMIT %s OFFSET %s"
        params += [limit, offset]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [r[0] for r in cur.fetchall()]


class SQLiteMatches:
    """The matches of one query on FTS5: count up to `cap` (+1 to know there are more), newest ids straight
    from the index in rowid order (= publication order)."""

    def __init__(self, backend, kind, terms, filters, cap):
        if backend.single_kind(kind):
            kind = None
        self.backend, self.args = backend, (kind, terms, filters)
        n = backend.count(kind, terms, filters, limit=cap + 1)
        self.total, self.exact = min(n, cap), n <= cap

    def newest_ids(self, **kwargs) -> list[int]:
        return self.backend.newest_ids(*self.args, **kwargs)


class PostgresMatches:
    """The matches of one query on PostgreSQL.

    GIN cannot return rows in date order, a phrase match is rechecked against each row's (TOASTed) tsvector, and
    the GIN bitmap of a lexeme present in most rows costs hundreds of milliseconds at 1M rows. So the matches are
    collected in two ways, chosen per query:

    - **ordered probe**: a backward primary-key scan (= date order) over the newest `PROBE_WINDOW` entries, then
      over as many more as should hold the missing matches at the rate seen, while that costs less than the GIN
      bitmap would (the postings of the query's rarest lexeme, `GIN_POSTINGS_PER_ROW` per row read in order); it
      stops as soon as it has `cap + 1` matches (then `exact = False`), having read about (cap + 1) / frequency
      rows. It is skipped when PostgreSQL's statistics of the tsvector column (`pg_stats.most_common_elems`, from
      ANALYZE) say some lexeme of the query is in fewer than `PROBE_FREQ` of the rows;
    - **GIN bitmap** (rare words, or a phrase of common lexemes that the probe found rare): at most `cap + 1`
      matching ids below the probed range.

    `head` holds, newest first, every match with id ≥ `head_floor` (all matches if `complete`); newest ids beyond it
    come from bitmap queries over successively wider ranges of the newest keys (`RANGES`).
    """

    RANGES = (0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.0)  # key-span shares searched in turn beyond `head`
    PROBE_WINDOW = 1_000
    PROBE_STEPS = 3
    PROBE_FREQ = 0.02  # probe unless the statistics say the query matches fewer rows than this share
    GIN_POSTINGS_PER_ROW = 15  # GIN postings read in the time of one row read and rechecked in order (TOASTed tsv)
    GIN_POSTINGS_PER_TITLE = 3  # the same for the small, inline title tsvector

    def __init__(self, backend, kind, terms, filters, cap, want=0):
        self.backend, self.args, self.cap = backend, (kind, terms, filters), cap
        self._title = None
        self.head, self.head_floor, self.complete = self._collect(need=cap + 1, want=want, title_only=False)
        if self.complete:
            self.total, self.exact = len(self.head), True
        else:
            self.total, self.exact = cap, False

    def _collect(self, *, need: int, want: int, title_only: bool) -> tuple[list[int], int | None, bool]:
        """(head, head_floor, complete): see the class docstring. `need`: stop the probe at that many matches (the
        count); `want`: newest matches the caller will ask for (worth a longer probe: else a range query)."""
        backend, cap = self.backend, self.cap
        head: list[int] = []
        floor = None  # every match with id >= floor is in head
        scanned = 0  # rows read by the ordered probe
        freq = backend.frequency(self.args[1], title_only=title_only)
        probed = freq is None or freq >= self.PROBE_FREQ
        if probed:
            # the GIN side: reading the posting lists of the rarest lexeme costs this many rows read in order
            gin_rows = backend.row_estimate() * (1.0 if freq is None else freq) / (
                self.GIN_POSTINGS_PER_TITLE if title_only else self.GIN_POSTINGS_PER_ROW)
            window, below = self.PROBE_WINDOW, None
            for _step in range(self.PROBE_STEPS):
                low = backend.window_floor(window, below=below)
                got = backend.newest_ids(*self.args, limit=need - len(head), below=below, floor=low,
                                         title_only=title_only)
                head += got
                scanned += window
                if len(head) >= need:
                    return head, head[-1], False
                if low is None:  # the whole table was scanned
                    return head, None, True
                floor = below = low
                if not got:
                    break
                # go on in order while reading the rows that should hold the missing matches (at the rate seen so
                # far) is cheaper than the GIN bitmap (postings, then the missing matches' rows) for the count,
                # or than one range query for the newest `want`
                per_match = window / len(got)
                missing = need - len(head)
                if missing * per_match <= gin_rows + missing:
                    window = math.ceil(missing * per_match * 1.25)
                elif len(head) < want and (want - len(head)) * per_match <= gin_rows:
                    window = math.ceil((want - len(head)) * per_match * 1.25)
                else:
                    break
        if title_only and probed:  # titles: no count needed, newest matches come from range queries
            return head, floor, False
        index_token = None
        if probed and freq is not None and scanned and len(head) / scanned >= freq / 3:
            # the query matches at least a third of the rows holding its rarest lexeme: read that lexeme's postings
            # only (intersecting the other, commoner lexemes' postings would cost more than the rechecks it saves)
            index_token = backend.rarest_token(self.args[1], title_only=title_only)
        rest = backend.bitmap_ids(*self.args, limit=cap + 1 - len(head), below=floor, title_only=title_only,
                                  index_token=index_token)
        if len(head) + len(rest) <= cap:
            return head + sorted(rest, reverse=True), None, True
        if floor is None:  # nothing known in order
            return [], None, False
        return head, floor, False

    def newest_ids(self, *, limit, offset=0, title_only=False, below=None, exclude=()) -> list[int]:
        if title_only:
            if self._title is None:
                self._title = self._collect(need=offset + limit, want=offset + limit, title_only=True)
            head, floor, complete = self._title
        else:
            head, floor, complete = self.head, self.head_floor, self.complete
        excluded = set(exclude)
        known = [i for i in head if (below is None or i < below) and i not in excluded]
        want = offset + limit
        if complete or len(known) >= want:
            return known[offset:want]
        start = below if floor is None else floor if below is None else min(below, floor)
        rest = self._newest_windowed(limit=want - len(known), title_only=title_only, below=start, exclude=exclude)
        return (known + rest)[offset:want]

    def _newest_windowed(self, *, limit, title_only, below, exclude) -> list[int]:
        """Newest matches below `below`, range by range: the newest `RANGES[0]` of the key span, then wider ranges.
        Each range is one bitmap query (GIN bitmap AND the primary-key range): it reads only the range's matches,
        whereas a backward scan would recheck every row of the range and the whole GIN bitmap every match."""
        span = self.backend.key_span()
        if span is None:
            return []
        low, high = span
        top = high + 1 if below is None else below
        ids: list[int] = []
        for share in self.RANGES:
            if top <= low:
                break
            floor = top - max(1, math.ceil((high + 1 - low) * share)) if share < 1 else low
            floor = max(floor, low)
            ids += self.backend.range_ids(*self.args, limit=limit - len(ids), below=top, floor=floor,
                                          title_only=title_only, exclude=exclude)
            if len(ids) >= limit:
                break
            top = floor
        return ids


class PostgresBackend:
    vendor = "postgresql"

    @staticmethod
    def precompute(row: dict) -> None:
        """Add the row's COPY line without its key (`copy_line`; the key is assigned at writing): called where
        the rows are tokenised (in `index_many`'s worker thread), so that `insert` has little left to do."""
        row["_copy"] = copy_line((*(row[c] for c in INSERT_COLUMNS[1:]), *tsvector_literals(*_tokens(row))))

    def insert(self, rows: list[dict]) -> None:
        """`COPY` the rows with their tsvectors written out by the client (`tsvector_literals`); each row's line
        comes from `precompute` (done where the row was tokenised, else here), only the key is added.

        Measured (20,000 synthetic items, server CPU per row): `to_tsvector('simple', …)` over the space-joined
        tokens costs the server ~150 µs, reading the literal ~60–90 µs; writing the literal costs the client
        ~30 µs, in the worker thread that tokenises the next chunk (services.index_many) while the server is busy.
        COPY has no per-row statement and no SQL literal to scan: against one `INSERT … SELECT … FROM
        unnest(arrays)` per batch it also saves the client ~85 µs per row of quoting. Queries cast their text to
        `tsquery` (no parser either, see `tsquery`), so index and query hold the same lexemes: the tokens."""
        if not rows:
            return
        columns = ", ".join(INSERT_COLUMNS)
        with connection.cursor() as cur:
            # GIN's pending-list cleanup, run by the inserting backend, sorts its entries in work_mem (4 MB by
            # default): more memory, fewer and larger merges. For the rest of the transaction (set_config(…, true)):
            # putting it back cost a round trip per chunk, and a larger work_mem harms nothing.
            cur.execute("SELECT set_config('work_mem', %s, true)", [INSERT_WORK_MEM])
            # COPY goes to psycopg's cursor: its errors are turned into Django's (IntegrityError …) here
            with (connection.wrap_database_errors,
                  cur.cursor.copy(f"COPY search_searchentry ({columns}, title_tsv, tsv) FROM STDIN") as copy):
                copy.write(b"".join(b"%d\t%s" % (row["id"], row.get("_copy") or self._copy_rest(row))
                                    for row in rows))

    @classmethod
    def _copy_rest(cls, row: dict) -> bytes:
        cls.precompute(row)
        return row["_copy"]

    def delete(self, rows: list[dict]) -> None:
        if rows:
            with connection.cursor() as cur:
                cur.execute("DELETE FROM search_searchentry WHERE id = ANY(%s)", [[row["id"] for row in rows]])

    @staticmethod
    def taken_keys(keys: list[int]) -> set[int]:
        """Which of these entry keys are in use (the ids through a sub-select: see `delete_objects`)."""
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM search_searchentry WHERE id = ANY(ARRAY(SELECT unnest(%s::bigint[])))",
                        [list(keys)])
            return {r[0] for r in cur.fetchall()}

    @staticmethod
    def delete_objects(kind: str, object_ids: list[int]) -> int:
        """Remove the entries of these objects, if any (one statement: nothing to read first). Returns how many.

        The ids go through a sub-select, so the planner does not see how many there are and probes the unique
        (kind, object_id) index for each: with the array as a constant and the statistics of a table still being
        filled (an import), it was seen to read every entry of the kind instead (1.2 s for 200 ids at 20,000)."""
        if not object_ids:
            return 0
        with connection.cursor() as cur:
            cur.execute("DELETE FROM search_searchentry WHERE kind = %s "
                        "AND object_id = ANY(ARRAY(SELECT unnest(%s::bigint[])))", [kind, list(object_ids)])
            return cur.rowcount

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute("DELETE FROM search_searchentry")

    @staticmethod
    def tsquery(terms: list[Term], *, title_only=False) -> str:
        """tsquery text: a phrase (<->) per term, terms ANDed. Cast as is (`%s::tsquery`, no text search parser):
        the lexemes are the tokens themselves, as in the indexed tsvectors (`tsvector_literals`); tokens are runs of
        letters/digits, so nothing needs quoting."""
        weight = "A" if title_only else ""
        out = []
        for t in terms:
            phrases = []
            for v in t.variants:  # a term with synonyms: any of its phrases
                ops = [tok + (":" + weight if weight else "") for tok in v.tokens]
                if v.prefix:
                    ops[-1] = f"{v.tokens[-1]}:*{weight}"
                phrases.append("(" + " <-> ".join(ops) + ")")
            out.append(phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")")
        return " & ".join(out)

    def _where(self, kind, terms, filters, title_only=False, index_token=None) -> tuple[str, list]:
        # titles have their own small tsvector (not TOASTed, own GIN index): cheap to recheck
        column = "title_tsv" if title_only else "tsv"
        sql = f"kind = %s AND {column} @@ %s::tsquery"
        params: list = [kind, self.tsquery(terms)]
        if index_token is not None and _needs_recheck(terms):
            # the index condition is that lexeme alone; the whole query is rechecked on its rows (a function call,
            # not an operator: the planner cannot turn it into an index condition)
            sql += f" AND ts_match_vq({column}, %s::tsquery)"
            params = [kind, index_token, self.tsquery(terms)]
        for key, values in filters.items():
            sql += f" AND {ENTRY_COLUMNS[key]} = ANY(%s)"
            params.append(values)
        return sql, params

    def matches(self, kind, terms, filters, *, want=0) -> PostgresMatches:
        """`want`: how many newest matches the caller will ask for (a hint for the plan)."""
        return PostgresMatches(self, kind, terms, filters, cap=count_cap("postgresql"), want=want)

    def count(self, kind, terms, filters) -> int:
        """Exact count (benchmarks and tests; search() uses `matches`, capped)."""
        where, params = self._where(kind, terms, filters)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM search_searchentry WHERE {where}", params)
            return cur.fetchone()[0]

    @staticmethod
    def _run_with_plan(sql: str, params: list, *, bitmap: bool) -> list[int]:
        """Run `sql` with the plan forced: GIN bitmap scan, or backward primary-key scan (date order).

        The planner cannot estimate phrase selectivity, and a wrong guess costs seconds (a sequential scan
        detoasting every tsvector); the choice here follows from what the query needs. `work_mem`
        (`QUERY_WORK_MEM`): a GIN bitmap larger than work_mem turns lossy (every row of its pages rechecked).

        Outside a transaction (a request: the usual case) the settings are local to a transaction of their own,
        which its COMMIT ends: 3 round trips (settings, query, commit). Inside the caller's transaction they are
        read first and put back after the query (set_config(…, true) would outlive us): 4 round trips and the
        savepoint's two; under load each round trip costs a scheduling delay of the server process (3–15 ms
        measured at load average 10 on 2 cores).
        """
        flags = (("enable_seqscan", "off"), ("enable_indexscan", "off" if bitmap else "on"),
                 ("enable_bitmapscan", "on" if bitmap else "off"),
                 # JIT compilation (tens of ms) and parallel workers only add latency to these short queries
                 ("jit", "off"), ("max_parallel_workers_per_gather", "0"), ("work_mem", QUERY_WORK_MEM))
        set_flags = "SELECT " + ", ".join(f"set_config('{k}', '{v}', true)" for k, v in flags)
        if not connection.in_atomic_block:
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(set_flags)
                cur.execute(sql, params)
                return [r[0] for r in cur.fetchall()]
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SELECT " + ", ".join(f"current_setting('{k}')" for k, _ in flags))
            previous = cur.fetchone()
            cur.execute(set_flags)
            try:
                cur.execute(sql, params)
                return [r[0] for r in cur.fetchall()]
            finally:
                cur.execute("SELECT " + ", ".join(f"set_config('{k}', %s, true)" for k, _ in flags), list(previous))

    def bitmap_ids(self, kind, terms, filters, *, limit, title_only=False, below=None, index_token=None) -> list[int]:
        """At most `limit` matching ids (below `below`), in no particular order, through the GIN bitmap.

        `index_token`: build the bitmap from this lexeme's postings only and recheck the query on its rows (cheaper
        than intersecting every lexeme's postings when most rows holding that lexeme match the whole query)."""
        if limit <= 0:
            return []
        where, params = self._where(kind, terms, filters, title_only=title_only, index_token=index_token)
        if below is not None:
            where += " AND id < %s"
            params.append(below)
        return self._run_with_plan(f"SELECT id FROM search_searchentry WHERE {where} LIMIT %s", [*params, limit],
                                   bitmap=True)

    def frequency(self, terms: list[Term], *, title_only=False) -> float | None:
        """Upper bound of the share of rows matching `terms`, from PostgreSQL's statistics of the tsvector column
        (`pg_stats.most_common_elems`, refreshed by ANALYZE/autovacuum): the smallest frequency of the query's
        lexemes (a lexeme missing from the list is rarer than the least common listed one). None: no statistics,
        or only a prefix token."""
        stats = _lexeme_stats("title_tsv" if title_only else "tsv")
        if stats is None:
            return None
        freqs, floor = stats
        known = [f for f in (_term_frequency(t, freqs, floor) for t in terms) if f is not None]
        return min(known) if known else None

    def range_ids(self, kind, terms, filters, *, limit, below, floor, title_only=False, exclude=()) -> list[int]:
        """Newest matching ids with floor <= id < below, through the GIN bitmap of the query's rarest lexeme ANDed
        with the primary-key range (so only the range's candidates are read), the full query rechecked on them.

        The whole phrase is not the index condition: PostgreSQL multiplies the lexemes' frequencies and, expecting
        a handful of rows, would read every match of the phrase in the whole table instead of ANDing the range."""
        column = "title_tsv" if title_only else "tsv"
        rarest = self.rarest_token(terms, title_only=title_only)
        where = f"kind = %s AND id >= %s AND id < %s AND {column} @@ %s::tsquery "
        params: list = [kind, floor, below, rarest or self.tsquery(terms)]
        if rarest is not None and _needs_recheck(terms):  # else the token is the query
            where += f"AND ts_match_vq({column}, %s::tsquery) "
            params.append(self.tsquery(terms))
        for key, values in filters.items():
            where += f"AND {ENTRY_COLUMNS[key]} = ANY(%s) "
            params.append(values)
        if exclude:
            where += "AND NOT (id = ANY(%s)) "
            params.append(list(exclude))
        return self._run_with_plan(f"SELECT id FROM search_searchentry WHERE {where}ORDER BY id DESC LIMIT %s",
                                   [*params, limit], bitmap=True)

    def rarest_token(self, terms: list[Term], *, title_only=False) -> str | None:
        """The query's least frequent whole token by the column statistics (the first one without statistics),
        as tsquery text: every match of the query holds it. A term with synonyms gives the OR of each phrase's
        rarest token (`a | b`), its frequency their sum; such a term is chosen only if it is the rarest."""
        stats = _lexeme_stats("title_tsv" if title_only else "tsv")
        freqs, floor = stats if stats is not None else ({}, 0.0)
        best, best_freq = None, None
        for t in terms:
            picks = []
            for v in t.variants:
                tokens = v.tokens[:-1] if v.prefix else v.tokens
                if not tokens:
                    picks = None
                    break
                picks.append(min(tokens, key=lambda tok: freqs.get(tok, floor)))
            if not picks:
                continue
            if stats is None:
                best = picks
                break
            freq = sum(freqs.get(tok, floor) for tok in picks)
            if best_freq is None or freq < best_freq:
                best, best_freq = picks, freq
        if best is None:
            return None
        return best[0] if len(best) == 1 else "(" + " | ".join(dict.fromkeys(best)) + ")"

    @staticmethod
    def row_estimate() -> float:
        """PostgreSQL's estimate of the number of entries (pg_class.reltuples; 0 before the first ANALYZE), kept
        like the lexeme statistics (`_STATS_TTL`): it changes only with ANALYZE/VACUUM, and a round trip per
        search costs more under load than the figure is worth."""
        key = (connection.alias, connection.settings_dict["NAME"], "reltuples")
        now = time.monotonic()
        cached = _stats_cache.get(key)
        if cached is not None and now - cached[0] < _STATS_TTL and cached[1]:
            return cached[1]
        with connection.cursor() as cur:
            cur.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass")
            row = cur.fetchone()
        value = max(0.0, float(row[0])) if row else 0.0
        _stats_cache[key] = (now, value)
        return value

    @staticmethod
    def key_span() -> tuple[int, int] | None:
        """(smallest, largest) entry id, or None if the index is empty."""
        with connection.cursor() as cur:
            cur.execute("SELECT min(id), max(id) FROM search_searchentry")
            low, high = cur.fetchone()
        return None if low is None else (low, high)

    @staticmethod
    def window_floor(size: int, *, below=None) -> int | None:
        """The id of the `size`-th newest entry (below `below`), or None if there are fewer."""
        sql, params = "SELECT id FROM search_searchentry", []
        if below is not None:
            sql += " WHERE id < %s"
            params.append(below)
        with connection.cursor() as cur:
            cur.execute(sql + " ORDER BY id DESC OFFSET %s LIMIT 1", [*params, size - 1])
            row = cur.fetchone()
        return row[0] if row else None

    def newest_ids(self, kind, terms, filters, *, limit, offset=0, title_only=False, below=None, exclude=(),
                   floor=None, bitmap=False):
        """Newest matching ids: backward primary-key scan (stops after `limit` hits; `floor`: not below that id)
        or, with `bitmap=True`, every match through GIN then sorted (for a small or old part of the table)."""
        where, params = self._where(kind, terms, filters, title_only=title_only)
        if below is not None:
            where += " AND id < %s"
            params.append(below)
        if floor is not None:
            where += " AND id >= %s"
            params.append(floor)
        if exclude:
            where += " AND NOT (id = ANY(%s))"
            params.append(list(exclude))
        return self._run_with_plan(
            f"SELECT id FROM search_searchentry WHERE {where} ORDER BY id DESC LIMIT %s OFFSET %s",
            [*params, limit, offset], bitmap=bitmap)


_STATS_TTL = 300.0  # seconds: statistics change only with ANALYZE
_stats_cache: dict[tuple, tuple[float, tuple | None]] = {}


def _lexeme_stats(column: str) -> tuple[dict[str, float], float] | None:
    """({lexeme: frequency}, smallest listed frequency) of a tsvector column of search_searchentry, or None."""
    key = (connection.alias, connection.settings_dict["NAME"], column)
    now = time.monotonic()
    cached = _stats_cache.get(key)
    if cached is not None and now - cached[0] < _STATS_TTL:
        return cached[1]
    with connection.cursor() as cur:
        cur.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                    "WHERE schemaname = current_schema() AND tablename = 'search_searchentry' AND attname = %s",
                    [column])
        row = cur.fetchone()
    stats = None
    if row and row[0] and row[1]:
        elems, freqs = row
        # most_common_elem_freqs: one frequency per element, then the minimum, the maximum and the null frequency
        stats = (dict(zip(elems, freqs[:len(elems)], strict=True)), min(freqs[:len(elems)]))
    _stats_cache[key] = (now, stats)
    return stats


def _fts_term(t: Term) -> str:
    """FTS5 text of one term: its phrase, or the OR of its phrases when it has synonyms."""
    phrases = ['"' + " ".join(v.tokens) + '"' + ("*" if v.prefix else "") for v in t.variants]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def _needs_recheck(terms: list[Term]) -> bool:
    """Whether matching the rarest token alone could admit rows the whole query does not match (anything but a
    query of one token)."""
    return len(terms) > 1 or len(terms[0].variants) > 1 or len(terms[0].tokens) > 1


def _term_frequency(t: Term, freqs: dict[str, float], floor: float) -> float | None:
    """Upper bound of the share of rows matching a term: its rarest lexeme's frequency, summed over its synonym
    phrases (None: a phrase of a prefix token only)."""
    total = 0.0
    for v in t.variants:
        tokens = v.tokens[:-1] if v.prefix else v.tokens
        if not tokens:
            return None
        total += min(freqs.get(tok, floor) for tok in tokens)
    return min(1.0, total)


DEFAULT_COUNT_CAP = {"sqlite": 10_000, "postgresql": 1_000}


def count_cap(vendor: str) -> int:
    """Matches are counted exactly up to this number (settings.SEARCH_COUNT_CAP, else a per-engine default)."""
    return getattr(settings, "SEARCH_COUNT_CAP", None) or DEFAULT_COUNT_CAP[vendor]


def facets_of(row: dict) -> str:
    facets = [facet_token("kind", row["kind"])]
    for key in FILTER_KEYS:
        value = row[ENTRY_COLUMNS[key]]
        if value is not None and value != "":
            facets.append(facet_token(key, value))
    return " ".join(facets)


def _tokens(row: dict) -> tuple[list[str], list[str]]:
    """Title (+ document number) tokens and body (+ attachments) tokens of an entry row."""
    if "_title_tokens" in row:
        return row["_title_tokens"], row["_body_tokens"]
    return index_tokens(row["title"]) + index_tokens(row["document_number"]), index_tokens(row["text"])


# PostgreSQL tsvector limits: positions above 16,383 are stored as 16,383; a lexeme is at most 2,047 bytes
_MAX_POS = 16383
_POSITIONS = [f":{i}" for i in range(1, _MAX_POS + 1)]
_POSITIONS_A = [f":{i}A" for i in range(1, _MAX_POS + 1)]
_LONG_TOKEN_CHARS = 2047 // 4  # a token this long may exceed 2,047 bytes in UTF-8 (then checked exactly)


def _positions(start: int, weight: str = ""):
    """":{start}", ":{start + 1}", … (with the weight letter), then ":16383" for ever (PostgreSQL's clamp)."""
    table = _POSITIONS_A if weight else _POSITIONS
    return itertools.chain(itertools.islice(table, start - 1, None), itertools.repeat(f":{_MAX_POS}{weight}"))


def _short(tokens: list[str]) -> list[str]:
    """The tokens PostgreSQL can store: `to_tsvector` skips a word of 2,048 bytes or more (without counting a
    position for it); tsvector input would reject it."""
    if not tokens or max(map(len, tokens)) <= _LONG_TOKEN_CHARS:
        return tokens
    return [t for t in tokens if len(t.encode()) <= 2047]


def tsvector_literals(title_tokens: list[str], body_tokens: list[str]) -> tuple[str, str]:
    """(title_tsv, tsv) as tsvector input text, equal to what the server computed before:
    `to_tsvector('simple', title)` and `setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', body)`
    over the space-joined tokens — every token one lexeme at its position (1, 2, …; the body's positions continue
    after the title's). Tokens are runs of letters/digits (`tokenize.RUN_RE`): nothing to quote or escape.
    One difference: PostgreSQL keeps 256 positions per lexeme from literal input, 255 from `to_tsvector`."""
    title, body = _short(title_tokens), _short(body_tokens)
    title_tsv = " ".join(map(add, title, _positions(1)))
    weighted = " ".join(map(add, title, _positions(1, "A")))
    if not body:
        return title_tsv, weighted
    body_tsv = " ".join(map(add, body, _positions(len(title) + 1)))
    return title_tsv, f"{weighted} {body_tsv}" if title else body_tsv


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):  # (four scans in C are cheaper than one regex call on these short strings)
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_COPY_ESCAPES)
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):  # dates, and aware datetimes with their UTC offset (ISO 8601)
        return value.isoformat()
    raise TypeError(f"no COPY text form for {type(value).__name__}")


def copy_line(values) -> bytes:
    """One row in PostgreSQL's COPY text format (UTF-8; None, str, bool, int, date, aware datetime), so that a
    worker thread can prepare what the writing thread only sends (`copy.write`): psycopg's `write_row` formats in
    the thread that writes, which is the one the server waits for. Used by `insert` and the importer."""
    return ("\t".join(map(_copy_field, values)) + "\n").encode()


def _adapt(row: dict, column: str):
    value = row[column]
    if column == "published_at":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def get_backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
