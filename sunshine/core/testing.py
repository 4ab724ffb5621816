"""Test helpers: for tests that run the platform in other processes (a live server, a Celery worker) on a fresh,
committed database of its own (a temporary SQLite file, or a new PostgreSQL database on DATABASE_URL's server), and
`has_chinese` for the hostile-input tests, `english_in` and `visible_text_and_links` for the crawl that finds English
on a page."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"


def has_chinese(text: str) -> bool:
    """Whether a message a user reads has Chinese in it (a hostile-input answer must be explained in Chinese)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql", "postgis")


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` on the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def conninfo(url: str) -> str:
    """A PostgreSQL DATABASE_URL (any of its schemes) as a libpq connection URI."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def pg_admin_execute(url: str, sql: str) -> None:
    """Run `sql` (CREATE/DROP DATABASE) on the server of `url`, connected to its `postgres` database."""
    import psycopg

    with psycopg.connect(conninfo(with_database(url, "postgres")), autocommit=True) as conn:
        conn.execute(sql)


def run_manage(args: list[str], env: dict[str, str], log) -> None:
    """`manage.py ARGS` in a subprocess with `env`, its output appended to the open file `log`."""
    result = subprocess.run([sys.executable, str(MANAGE), *args], env=env, cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT, timeout=600, check=False)
    if result.returncode != 0:
        log.flush()
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{Path(log.name).read_text(errors='replace')[-5000:]}")


# --- English on a page (issue #12: "no English sentence on any page") -----------------------------------------------
# An English *word* here: a letter followed by lower-case letters (This, password, found), not an acronym or a unit
# (PDF, API, ID, XLSX, GB/T) and not part of an identifier (YSQ2026-CADX8Y6A, sunshine-demo, a@b.cn, index.html),
# which the look-arounds exclude: a word touching a digit, "-", "_", ".", "/", "@" or "\" is an identifier's piece.
_WORD = r"[A-Za-z][a-z]+(?:'[a-z]+)?"
_EDGE_BEFORE = r"(?<![\w\-./@\\])"
_EDGE_AFTER = r"(?![\w\-/@\\]|\.\w)"
# two or more English words in a row, separated by spaces (a sentence or a phrase: "Page not found",
# "This field is required", "Enter a valid date"); single letters ("a", "I") may sit between them
ENGLISH_PHRASE = re.compile(rf"{_EDGE_BEFORE}{_WORD}(?:[ \t]+(?:{_WORD}|a|I))*[ \t]+{_WORD}{_EDGE_AFTER}")
# a single word that is always a leak: a Python value rendered as text, or a form's English default
ENGLISH_LEAK = re.compile(
    rf"{_EDGE_BEFORE}(?:None|True|False|null|undefined|NaN|Submit|Search|Login|Logout|Password|Username|Cancel|"
    rf"Save|Delete|Error|Warning|Required|Optional|Previous|Next|Loading|Close|Filter|Download|Upload){_EDGE_AFTER}")
DASH_CHOICE = "---------"  # Django's empty choice in a select box


def english_in(text: str) -> list[str]:
    """The English sentences, phrases and leaked words in `text` (a page's visible text), and Django's "---------";
    empty when the text is Chinese with identifiers, codes and units."""
    found = [m.group(0) for m in ENGLISH_PHRASE.finditer(text)]
    found += [m.group(0) for m in ENGLISH_LEAK.finditer(text)]
    if DASH_CHOICE in text:
        found.append(DASH_CHOICE)
    return found


class _VisibleText(HTMLParser):
    """A page's text as a reader meets it: text nodes outside <script>, <style>, <template>, <code> and <kbd> (an
    identifier shown as code), the <title>, and the attributes read aloud or shown (placeholder, title,
    aria-label, alt, a button's value)."""

    SKIP = {"script", "style", "template", "code", "kbd", "noscript"}
    ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in self.SKIP:
            self._skipping += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        self.parts.extend(values[name] for name in self.ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text_and_links(html: str) -> tuple[str, list[str]]:
    """(the visible text of an HTML page, one part per line; the hrefs of its links)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip()), parser.links
