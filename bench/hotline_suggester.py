#!/usr/bin/env python
"""Department suggester benchmark (承办部门推荐基准): the suggester the demo ships, trained on the demo's own year of
tickets, scored on natural messages written apart from the training data.

    .venv/bin/python bench/hotline_suggester.py                       # SQLite: var/bench/hotline_suggester.sqlite3
    .venv/bin/python bench/hotline_suggester.py --reuse --misses      # keep the loaded demo, list the misses
    --data FILE.jsonl (repeatable): lines {"text": …, "department": code} (a county department's demo code, or
    town-<division code> for a town government). Default: bench/data/hotline_heldout.jsonl (the held-out set,
    written by others) and bench/data/hotline_dev.jsonl (the developer's own small set), each scored apart.
    --history N: the demo's generated tickets (default: the demo's own size).

Loads the orgs, accounts and hotline demo data (the catalogue, the year of history, the suggester trained at load,
as `sunshine demo` does), then for each data set prints top-1 and top-3 accuracy and the latency of
`suggester.suggest()` (the whole call: the check for a newer model, the prediction, the department names) p50/p95
over at least 300 calls. Goal: top-3 ≥ 95 %, top-1 ≥ 80 %, p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = [ROOT / "bench" / "data" / "hotline_heldout.jsonl", ROOT / "bench" / "data" / "hotline_dev.jsonl"]


def configure_database(reuse: bool) -> None:
    path = ROOT / "var" / "bench" / "hotline_suggester.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not reuse and path.exists():
        path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ.setdefault("SUNSHINE_DEMO", "1")


def load_demo(history: int | None) -> float:
    from django.core.management import call_command
    from django.test.utils import override_settings

    from sunshine.accounts import demo as accounts_demo
    from sunshine.hotline import demo as hotline_demo
    from sunshine.hotline.models import SuggesterModel
    from sunshine.orgs import demo as orgs_demo

    call_command("migrate", interactive=False, verbosity=0)
    if SuggesterModel.objects.filter(source="history").exists():
        return 0.0
    started = time.monotonic()
    out = io.StringIO()
    settings = {"HOTLINE_DEMO_HISTORY": history} if history is not None else {}
    with override_settings(**settings):
        orgs_demo.load(out)
        accounts_demo.load(out)
        hotline_demo.load(out)
    print(out.getvalue().strip())
    return time.monotonic() - started


def score(path: Path, *, misses: bool, min_calls: int = 300) -> None:
    from sunshine.hotline import suggester

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        print(f"{path.name}: empty")
        return
    top1 = top3 = 0
    wrong = Counter()
    for row in rows:
        found = [s.department for s in suggester.suggest(row["text"])]
        top1 += bool(found) and found[0] == row["department"]
        top3 += row["department"] in found
        if misses and (not found or found[0] != row["department"]):
            print(f"  {'top3' if row['department'] in found else 'MISS'} {row['department']:>16} → {found}  "
                  f"{row['text'][:50]}")
        if not found or found[0] != row["department"]:
            wrong[row["department"]] += 1
    latencies = []
    while len(latencies) < min_calls:
        for row in rows:
            started = time.perf_counter()
            suggester.suggest(row["text"])
            latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"{path.name}: {len(rows)} messages  top-1 {top1 / len(rows):.1%}  top-3 {top3 / len(rows):.1%}  "
          f"latency p50 {statistics.median(latencies):.1f} ms  p95 {p95:.1f} ms ({len(latencies)} calls)")
    if wrong:
        print("  top-1 misses by expected department: " + ", ".join(f"{k} {v}" for k, v in wrong.most_common(10)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", type=Path)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--history", type=int)
    args = parser.parse_args()
    configure_database(args.reuse)
    import django

    django.setup()
    seconds = load_demo(args.history)
    from sunshine.hotline.models import SuggesterModel

    model = SuggesterModel.objects.order_by("-pk").first()
    if seconds:
        print(f"demo data loaded in {seconds:.1f} s")
    print(f"model: {model.get_source_display()}, {model.history_size} dispatched tickets, {model.samples} samples, "
          f"{model.classes} classes, trained in {model.seconds} s; load average {os.getloadavg()[0]:.1f}")
    for path in args.data or [p for p in DEFAULT_DATA if p.exists()]:
        score(path, misses=args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
