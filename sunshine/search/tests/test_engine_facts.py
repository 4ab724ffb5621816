"""What the design relies on in the engines themselves (SQLite 3.40 FTS5 as shipped here; PostgreSQL 15)."""

import sqlite3

import pytest
from django.db import connection


def test_sqlite_fts5_behaviours_we_rely_on():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(a, facets, content='', columnsize=0, tokenize='ascii')")
    rows = [(1, "信息 息公 公开 开 2014 34 号", "fx"), (2, "信息 息 公开 开", "fy"), (3, "年 2014", "fx")]
    db.executemany("INSERT INTO f (rowid, a, facets) VALUES (?, ?, ?)", rows)

    def match(q):
        return [r[0] for r in db.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid DESC", (q,))]

    assert match('"信息 息公 公开"') == [1]  # the ascii tokenizer keeps CJK tokens whole; phrases are positional
    assert match('"信息 息"') == [2]
    assert match('"2014 34 号"*') == [1]  # prefix on the last token of a phrase
    assert match('"年"*') == [3]  # a one-character token matches its own prefix
    assert match('a : ("公开") AND facets : (fx)') == [1]
    # contentless delete with the same tokens removes the row
    db.execute("INSERT INTO f (f, rowid, a, facets) VALUES ('delete', 1, ?, 'fx')", (rows[0][1],))
    assert match('"公开"') == [2]
    # and the trigram tokenizer is no alternative: it cannot match a two-character query
    db.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
    db.execute("INSERT INTO t VALUES ('政府信息公开')")
    assert db.execute("SELECT count(*) FROM t WHERE t MATCH '\"息公\"'").fetchone()[0] == 0


@pytest.mark.django_db
def test_postgresql_simple_config_keeps_our_tokens_whole():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cur:
        cur.execute("SELECT to_tsvector('simple', '信息 息公 公开 开 2014 abc2014')::text")
        assert cur.fetchone()[0] == "'2014':5 'abc2014':6 '信息':1 '公开':3 '开':4 '息公':2"
        cur.execute("SELECT to_tsvector('simple', '信息 息公 公开') @@ to_tsquery('simple', '信息 <-> 息公 <-> 公开'), "
                    "to_tsvector('simple', '信息 公开 息公') @@ to_tsquery('simple', '信息 <-> 息公')")
        assert cur.fetchone() == (True, False)
