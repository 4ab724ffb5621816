"""Shared by the substring-recall tests: random titles and bodies from a vocabulary, and random 2–4-character
Chinese queries cut from them."""

from __future__ import annotations


def random_cjk_query(rnd, source: str) -> str | None:
    """A run of 2–4 consecutive CJK characters from `source`, or None when it has no run of two."""
    runs = [r for r in "".join(c if "\u4e00" <= c <= "\u9fff" else " " for c in source).split() if len(r) >= 2]
    if not runs:
        return None
    run = rnd.choice(runs)
    n = rnd.randint(2, min(4, len(run)))
    start = rnd.randint(0, len(run) - n)
    return run[start:start + n]


def random_texts(rnd, vocab: list[str], n: int = 120) -> dict[int, tuple[str, str]]:
    """{object id 1…n: (title, body)} made of 2–6 and 5–40 random words of `vocab`."""
    texts = {}
    for i in range(1, n + 1):
        title = "".join(rnd.choice(vocab) for _ in range(rnd.randint(2, 6)))
        body = "".join(rnd.choice(vocab) for _ in range(rnd.randint(5, 40)))
        texts[i] = title, body
    return texts
