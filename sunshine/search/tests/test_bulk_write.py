"""Bulk writing of the index: tsvector literals written by the client (PostgreSQL), prepared entries written by the
caller's thread, the GIL switch interval while a worker tokenises. Both databases (PostgreSQL facts skip on SQLite)."""

from __future__ import annotations

import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection

from sunshine.search import services
from sunshine.search.backends import get_backend, tsvector_literals
from sunshine.search.models import SearchEntry
from sunshine.search.tokenize import index_tokens

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def entry(object_id, title, body=""):
    return {"kind": "publication", "object_id": object_id, "title": title, "body": body,
            "published_at": datetime(2024, 3, 1, 9, tzinfo=TZ), "filters": {"year": 2024}}


def test_tsvector_literals_number_positions_as_the_concatenation_did():
    assert tsvector_literals(["信息", "息公", "公开", "开"], ["2014", "年", "公开", "开"]) == (
        "信息:1 息公:2 公开:3 开:4", "信息:1A 息公:2A 公开:3A 开:4A 2014:5 年:6 公开:7 开:8")
    assert tsvector_literals([], ["公开", "开"]) == ("", "公开:1 开:2")
    assert tsvector_literals(["公开", "开"], []) == ("公开:1 开:2", "公开:1A 开:2A")
    assert tsvector_literals([], []) == ("", "")
    # a word of 2,048 bytes or more is skipped without a position (as to_tsvector does); 16,383 is the last position
    long = "a" * 2048
    assert tsvector_literals([], ["信息", long, "公开"]) == ("", "信息:1 公开:2")
    assert tsvector_literals([], ["啊" * 683, "b" * 2047]) == ("", "b" * 2047 + ":1")  # 683 × 3 bytes
    body = tsvector_literals([], ["x"] * 16385 + ["尾"])[1].split()
    assert body[16381:] == ["x:16382", "x:16383", "x:16383", "x:16383", "尾:16383"]


@pytest.mark.parametrize("title, body", [
    ("关于做好2024年度部门决算工作的通知", "各单位：根据《中华人民共和国预算法》，现将有关事项通知如下。一、编制……"),
    ("", "只有正文，没有标题。"),
    ("只有标题", ""),
    ("ABC abc 123 x86 1st", "Ⅻ ½ café ΑΒΓ кириллица 〇 𠀀𠀁"),
    ("", " ".join(f"x{i}" for i in range(17000))),  # > 16,383 positions
    ("长词", "前 " + "z" * 3000 + " 后"),  # a word over 2,047 bytes
])
def test_postgresql_reads_the_literals_as_it_computed_them(title, body):
    """The literals equal what the server computed before (to_tsvector over the space-joined tokens), lexeme for
    lexeme and position for position (fewer than 256 repetitions of a lexeme: see tsvector_literals)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    title_tokens, body_tokens = index_tokens(title), index_tokens(body)
    literals = tsvector_literals(title_tokens, body_tokens)
    with connection.cursor() as cur:
        cur.execute("SELECT to_tsvector('simple', %s) = %s::tsvector, "
                    "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s) = %s::tsvector",
                    [" ".join(title_tokens), literals[0], " ".join(title_tokens), " ".join(body_tokens),
                     literals[1]])
        assert cur.fetchone() == (True, True)


def test_prepared_entries_are_written_by_the_caller_and_new_ones_are_not_looked_up():
    prepared = services.prepare_entries([entry(1, "防汛抗旱通知", "做好防汛工作"), entry(2, "森林防火", "")])
    assert services.index_prepared(prepared, new=True) == 2
    assert {h.object_id for h in services.search(kind="publication", query="防汛").hits} == {1}
    # an entry that exists is replaced (default), or refused by the unique constraint when said to be new
    assert services.index_prepared(services.prepare_entries([entry(2, "森林防火预警")])) == 1
    assert list(SearchEntry.objects.values_list("object_id", "title").order_by("object_id")) == [
        (1, "防汛抗旱通知"), (2, "森林防火预警")]
    with pytest.raises(IntegrityError):
        services.index_prepared(services.prepare_entries([entry(1, "重复")]), new=True)


def test_delete_objects_and_taken_keys():
    services.index_many([entry(1, "一"), entry(2, "二"), entry(3, "三")])
    backend = get_backend()
    keys = sorted(SearchEntry.objects.values_list("id", flat=True))
    assert backend.taken_keys([keys[0], keys[2], keys[2] + 100]) == {keys[0], keys[2]}
    assert backend.delete_objects("publication", [1, 3, 99]) == 2
    assert backend.delete_objects("hotline", [2]) == 0
    assert list(SearchEntry.objects.values_list("object_id", flat=True)) == [2]


def test_responsive_gil_puts_the_switch_interval_back_when_the_last_user_leaves():
    before = sys.getswitchinterval()
    short = pytest.approx(min(before, services.GIL_SWITCH_INTERVAL))
    first, second = services.responsive_gil(), services.responsive_gil()  # e.g. two imports in two threads
    first.__enter__()
    second.__enter__()
    assert sys.getswitchinterval() == short
    first.__exit__(None, None, None)
    assert sys.getswitchinterval() == short  # the second one still runs
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == before


def test_copy_line_is_read_back_as_written():
    """`copy_line` (COPY's text format, prepared in a worker thread): PostgreSQL reads every kind of value back."""
    import datetime as dt

    from sunshine.search.backends import copy_line

    assert copy_line(["a\tb\\c\nd\re", None, True, False, 7, dt.date(2024, 1, 2)]) == \
        b"a\\tb\\\\c\\nd\\re\t\\N\tt\tf\t7\t2024-01-02\n"
    with pytest.raises(TypeError):
        copy_line([1.5])
    if connection.vendor != "postgresql":
        return
    at = datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=TZ)
    tricky = "制表\t换行\n回车\r反斜杠\\ \\N 引号' \""
    rows = [(tricky, None, True, 2 ** 40, dt.date(1999, 12, 31), at, '{"k": "v\\n"}'),
            ("", "x", False, -1, dt.date(2024, 2, 29), datetime(1900, 1, 1, tzinfo=TZ), "[]")]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE copy_check (t text, n text, b boolean, i bigint, d date, ts timestamptz, "
                    "j jsonb)")
        with cur.cursor.copy("COPY copy_check FROM STDIN") as copy:
            copy.write(b"".join(copy_line(row) for row in rows))
        cur.execute("SELECT t, n, b, i, d, ts, j::text FROM copy_check")
        back = cur.fetchall()
    assert [r[:5] for r in back] == [r[:5] for r in rows]
    assert [r[5] for r in back] == [at, datetime(1900, 1, 1, tzinfo=TZ)]  # (1900: the +08:05:43 offset of LMT)
    assert [r[6] for r in back] == ['{"k": "v\\n"}', "[]"]
