#!/usr/bin/env python
"""Personal-data scanner speed (sunshine.privacy.scanner.scan): CPU time to scan 1 MB of text.

    .venv/bin/python bench/privacy_scan.py [--repeat 5]

Two texts of 1,000,000 characters: a dense one (a mobile number, a resident ID and an e-mail address every ~80
characters, as in a list of benefit recipients) and plain prose (the seed reports repeated, almost no findings).
Prints the best and median CPU seconds of `--repeat` runs and the findings. Goal: well under 1 s per megabyte,
so a reviewer never waits for the scan of an attachment. No database is needed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ.setdefault("SUNSHINE_DEMO", "1")
    import django

    django.setup()
    from sunshine.privacy.scanner import scan

    chunk = ("随县人民政府办公室 联系电话0722-4321234 手机13812345678 身份证11010519491231002X "
             "邮箱a.b@sui.gov.cn 内部控制 ")
    texts = {"dense": (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]}
    prose = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*"))) if SEEDS.is_dir() else ""
    if prose:
        texts["prose"] = (prose * (1_000_000 // len(prose) + 1))[:1_000_000]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, text in texts.items():
        times, found = [], 0
        for _ in range(args.repeat):
            start = time.process_time()
            found = len(scan(text))
            times.append(time.process_time() - start)
        print(f"{name:6} 1,000,000 characters: best {min(times):.3f} s, median {statistics.median(times):.3f} s CPU, "
              f"{found:,} findings")


if __name__ == "__main__":
    main()
