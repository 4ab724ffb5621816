"""Background threads shared by the bulk pipelines (search indexing, publication import)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache


def single_worker(name: str) -> ThreadPoolExecutor:
    """The process's one worker thread called `name`: prepares the next chunk of a bulk pipeline while the
    calling thread writes the current one. A forked child gets its own (it has none of its parent's threads)."""
    return _single_worker(name, os.getpid())


@cache
def _single_worker(name: str, pid: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
