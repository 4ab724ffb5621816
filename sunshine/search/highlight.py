"""Highlighted, escaped snippets (高亮摘要)."""

from __future__ import annotations

from html import escape

from sunshine.search.tokenize import normalize


def _normalized_with_map(text: str) -> tuple[str, list[int] | range]:
    """The normalised text and, for each of its characters, the index of the original character."""
    norm = normalize(text)
    if len(norm) == len(text):
        return norm, range(len(text))  # one character for one (full-width forms, case): identity map
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        n = normalize(ch)
        out.append(n)
        index.extend([i] * len(n))
    return "".join(out), index


def _match_spans(norm: str, runs: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans (in normalised coordinates) of every occurrence of any run, longest first."""
    spans: list[tuple[int, int]] = []
    for run in sorted({r for r in runs if r}, key=len, reverse=True):
        start = norm.find(run)
        while start != -1:
            end = start + len(run)
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
            start = norm.find(run, start + 1)
    return sorted(spans)


def highlight(text: str, runs, *, length: int | None = 120, context: int = 30) -> str:
    """Escaped HTML of `text` (or a `length`-character window around the first match) with matches in <mark>.

    `runs`: the query runs (strings; a query string is accepted and split into its runs). Everything except the
    <mark> tags is escaped. With `length=None` the whole text is returned.
    """
    if isinstance(runs, str):
        from sunshine.search.script import fold_script
        from sunshine.search.tokenize import RUN_RE

        runs = [m.group(0) for m in RUN_RE.finditer(normalize(fold_script(runs)))]  # 简繁: as parse_query
    text = text or ""
    norm, index = _normalized_with_map(text)
    spans = [(index[s], index[e - 1] + 1) for s, e in _match_spans(norm, list(runs))]
    lo, hi = 0, len(text)
    if length is not None and len(text) > length:
        first = spans[0][0] if spans else 0
        lo = max(0, min(first - context, len(text) - length))
        hi = lo + length
    parts: list[str] = []
    if lo > 0:
        parts.append("…")
    pos = lo
    for s, e in spans:
        if e <= lo or s >= hi or s < pos:
            continue
        e = min(e, hi)
        parts.append(escape(text[pos:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    parts.append(escape(text[pos:hi]))
    if hi < len(text):
        parts.append("…")
    return "".join(parts)
