"""Exact public counts of the catalogue without counting the catalogue (公开目录计数).

`PublicationTally` holds how many published items there are per (department, category, genre, level, year of
publication) — the `full` grain — and two roll-ups, per (department, level, year) and per (category, year), so
that no total sums more than one department's or one category's rows. Every code path that changes what the
public sees adjusts it in its own transaction through `adjust` (directly or through `move` / `Changes`):

- `services._step`: every status change (publish, scheduled publication, withdraw, supersede, …), inside
  the transition (`workflow.WORKFLOW.step`);
- `importer.Importer._write`: new items imported as published, and published items updated by an import
  (department, category, genre, level or publication date may change);
- `seed.run`: synthetic published items.

`rebuild()` recomputes the table from the catalogue in SQL (`manage.py publication_tally`, also
`sunshine publication_tally`); `mismatches()` compares the two (`--check`). `public_count(...)` answers the
catalogue's totals from it: a SUM over the rows of the smallest grain that holds the filters, minus the published
items whose publication time is still ahead (an index range that is normally empty), in one query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from sunshine.publications.models import Publication, PublicationTally
from sunshine.publications.workflow import Status

Key = tuple[int, int, int, str, int]  # (department_id, category_id, genre_id, level, year)
COLUMNS = ("grain", "department_id", "category_id", "genre_id", "level", "year")
Grain = PublicationTally.Grain
_UPSERT_ROWS = 400  # 7 parameters per row: well under SQLite's and PostgreSQL's parameter limits


def key_of(item) -> Key | None:
    """The tally key of an item (a `Publication` or anything with the same attributes); None if not counted."""
    if item.status != Status.PUBLISHED or item.published_at is None:
        return None
    return (item.department_id, item.category_id, item.genre_id, item.level or "",
            timezone.localtime(item.published_at).year)


def key_of_values(values: Mapping) -> Key | None:
    """The key of a row given as column values keyed by field name, foreign keys as ids (the importer's rows)."""
    if values["status"] != Status.PUBLISHED or values["published_at"] is None:
        return None
    return (values["department"], values["category"], values["genre"], values["level"] or "",
            timezone.localtime(values["published_at"]).year)


def count_keys(items: Iterable) -> Counter:
    return Counter(k for k in map(key_of, items) if k is not None)


def _grains(key: Key):
    """The rows one item counts in: its full key and the department and category roll-ups."""
    department, category, genre, level, year = key
    yield (Grain.FULL, department, category, genre, level, year)
    yield (Grain.DEPARTMENT, department, 0, 0, level, year)
    yield (Grain.CATEGORY, 0, category, 0, "", year)


def adjust(deltas: Mapping[Key, int]) -> None:
    """Add each delta to its rows (created at the delta when missing) with an upsert: safe under concurrency.

    Must run inside the transaction that makes the change, so the tally commits (or rolls back) with it.
    """
    rolled: Counter = Counter()
    for key, n in deltas.items():
        for row in _grains(key):
            rolled[row] += n
    rows = [(*row, n) for row, n in rolled.items() if n]
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(PublicationTally._meta.db_table)
    columns = ", ".join(qn(c) for c in (*COLUMNS, "count"))
    placeholders = "(" + ", ".join(["%s"] * (len(COLUMNS) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _UPSERT_ROWS):
            chunk = rows[start: start + _UPSERT_ROWS]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))} "
                f"ON CONFLICT ({', '.join(qn(c) for c in COLUMNS)}) "
                f"DO UPDATE SET {qn('count')} = {table}.{qn('count')} + excluded.{qn('count')}",
                [value for row in chunk for value in row])


def _shift(deltas: Counter, before: Key | None, after: Key | None) -> None:
    """Record one item moving from `before` to `after` (None: not counted)."""
    if before != after:
        if before is not None:
            deltas[before] -= 1
        if after is not None:
            deltas[after] += 1


def move(before: Key | None, after: Key | None) -> None:
    """One item changed from `before` to `after` (None: not counted)."""
    deltas: Counter = Counter()
    _shift(deltas, before, after)
    adjust(deltas)


class Changes:
    """Bulk writes (the importer): remember the keys of the items about to change, then apply every difference.

        changes = tally.Changes(existing_items)          # before touching them
        …                                                # update some, insert new rows
        changes.apply(changed=updated_items, new_rows=inserted_values)
    """

    def __init__(self, items: Iterable):
        self.before = {item.pk: key_of(item) for item in items}

    def apply(self, *, changed: Iterable = (), new_rows: Iterable[Mapping] = ()) -> None:
        deltas: Counter = Counter()
        for item in changed:
            _shift(deltas, self.before.get(item.pk), key_of(item))
        for values in new_rows:
            _shift(deltas, None, key_of_values(values))
        adjust(deltas)


def _grouped_catalogue():
    """The real counts, grouped as the full grain is (year of publication in the current time zone)."""
    return (Publication.objects.filter(status=Status.PUBLISHED, published_at__isnull=False)
            .annotate(tally_year=ExtractYear("published_at"))
            .values("department_id", "category_id", "genre_id", "level", "tally_year")
            .annotate(n=Count("pk")).order_by())


@transaction.atomic
def rebuild() -> int:
    """Recompute the tally from the catalogue in SQL; returns its number of rows. Writers wait meanwhile."""
    qn = connection.ops.quote_name
    table = qn(PublicationTally._meta.db_table)
    columns = ", ".join(qn(c) for c in (*COLUMNS, "count"))
    select, params = _grouped_catalogue().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # a concurrent adjust() waits until the new table is committed, then applies on top of it
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT %s, department_id, category_id, genre_id, level, "
                       f"tally_year, n FROM ({select}) grouped", [Grain.FULL, *params])
        d, c, lv, y, n, g = (qn(name) for name in ("department_id", "category_id", "level", "year", "count", "grain"))
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT %s, {d}, 0, 0, {lv}, {y}, SUM({n}) "
                       f"FROM {table} WHERE {g} = %s GROUP BY {d}, {lv}, {y}", [Grain.DEPARTMENT, Grain.FULL])
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT %s, 0, {c}, 0, '', {y}, SUM({n}) "
                       f"FROM {table} WHERE {g} = %s GROUP BY {c}, {y}", [Grain.CATEGORY, Grain.FULL])
    return PublicationTally.objects.count()


def real_counts() -> dict[tuple, int]:
    """The catalogue's real counts in every grain, keyed like the tally's rows."""
    counts: Counter = Counter()
    for r in _grouped_catalogue():
        for row in _grains((r["department_id"], r["category_id"], r["genre_id"], r["level"] or "", r["tally_year"])):
            counts[row] += r["n"]
    return dict(counts)


def tally_counts() -> dict[tuple, int]:
    return {(t.grain, t.department_id, t.category_id, t.genre_id, t.level, t.year): t.count
            for t in PublicationTally.objects.exclude(count=0)}


def mismatches() -> dict[tuple, tuple[int, int]]:
    """{row key: (tally, real)} wherever the tally is wrong, in any grain; empty when it is exact."""
    real, tally = real_counts(), tally_counts()
    return {k: (tally.get(k, 0), real.get(k, 0)) for k in real.keys() | tally.keys()
            if tally.get(k, 0) != real.get(k, 0)}


# --- reading --------------------------------------------------------------------------------------

def _id(value) -> int | None:
    return None if value is None else getattr(value, "pk", value)


def _tally_rows(*, category=None, department=None, genre=None, year: int | None = None, level: str = ""):
    """The tally rows whose SUM answers these filters, in the smallest grain that can."""
    category, department, genre = _id(category), _id(department), _id(genre)
    if department is None and genre is None and not level:
        qs = PublicationTally.objects.filter(grain=Grain.CATEGORY)
    elif category is None and genre is None:
        qs = PublicationTally.objects.filter(grain=Grain.DEPARTMENT)
    else:
        qs = PublicationTally.objects.filter(grain=Grain.FULL)
    for name, value in (("category_id", category), ("department_id", department), ("genre_id", genre),
                        ("level", level or None), ("year", year or None)):
        if value is not None:
            qs = qs.filter(**{name: value})
    return qs


def _ahead(now, *, category=None, department=None, genre=None, year: int | None = None, level: str = ""):
    """Counted items whose publication time is still ahead (`published_at > now`): an index range, normally empty."""
    qs = Publication.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
    for name, value in (("category_id", _id(category)), ("department_id", _id(department)),
                        ("genre_id", _id(genre)), ("level", level or None)):
        if value is not None:
            qs = qs.filter(**{name: value})
    if year:
        qs = qs.filter(published_at__year=year)
    return qs


def public_count(*, category=None, department=None, genre=None, year: int | None = None, level: str = "") -> int:
    """What `selectors.public_list(...)` counts, exactly, in one query over the tally (objects or ids).

    The items still ahead are counted with the filters only when there are any at all: the EXISTS is one probe
    of the status index, while the filtered count could be planned along another index (SQLite picks the genre
    index for `genre_id = ?`, and would scan a ninth of the catalogue to find none).
    """
    now = timezone.now()
    filters = {"category": category, "department": department, "genre": genre, "year": year, "level": level}
    ahead = _ahead(now, **filters).order_by().values("status").annotate(n=Count("pk")).values("n")
    any_ahead = Exists(Publication.objects.filter(status=Status.PUBLISHED, published_at__gt=now))
    result = _tally_rows(**filters).aggregate(n=Coalesce(Sum("count"), 0) - Case(
        When(any_ahead, then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0)), default=Value(0)))
    return int(result["n"] or 0)


def counts_annotation(field: str):
    """Annotation for a Department (`field="department"`) or Category (`"category"`) queryset: its public count.

    Two correlated subqueries per row (the SUM of its roll-up rows, the items still ahead), so a list of
    departments or categories with their counts is one query.
    """
    grain = {"department": Grain.DEPARTMENT, "category": Grain.CATEGORY}[field]
    total = (PublicationTally.objects.filter(grain=grain, **{f"{field}_id": OuterRef("pk")}).order_by()
             .values(f"{field}_id").annotate(n=Sum("count")).values("n"))
    ahead = (Publication.objects.filter(status=Status.PUBLISHED, published_at__gt=timezone.now(),
                                        **{f"{field}_id": OuterRef("pk")})
             .order_by().values(f"{field}_id").annotate(n=Count("pk")).values("n"))
    return (Coalesce(Subquery(total, output_field=IntegerField()), Value(0))
            - Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)))


def years(**filters) -> list[int]:
    """Years with counted items for these filters, newest first (a navigation aid: the tally's rows only)."""
    return list(_tally_rows(**filters).filter(count__gt=0).order_by("-year").values_list("year", flat=True)
                .distinct())
