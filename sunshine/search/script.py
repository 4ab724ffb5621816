"""Script folding for search (检索的简繁归一): queries and indexed text are matched in simplified characters.

Most content is simplified; a reader of a traditional document (seed 002), or a reader who switched the site
to 繁體, types traditional (政務公開, 財政預算). `fold_script` maps text holding traditional characters to
simplified (`sunshine.core.chinese_script.to_simplified`: OpenCC `tw2s` for mostly traditional text, `t2s` for
simplified text with a few traditional characters); text without any is returned unchanged (the cheap common
case: one regex search, ~4 ns per character). The same function is applied to the query
(`tokenize.parse_query`) and to the indexed title, document number and text (`services._prepare`), so what a
query finds does not depend on the script either side was written in.

Before that, a few Taiwan terms of open government with a different mainland word are replaced (`REGION_TERMS`:
政府資訊公開 is the Taiwan name of 政府信息公开, which character conversion alone turns into 政府资讯公开). The
list is short on purpose: OpenCC's Taiwan-vocabulary conversion (`tw2sp`) rewrites ordinary mainland words
(程序 → 进程, 建立 → 创建, 执行 → 运行, 文件 → 文档) and would corrupt mainland traditional text such as seed 002.
"""

from __future__ import annotations

import re

from sunshine.core.chinese_script import has_traditional, to_simplified

# Taiwan term → mainland term, both in traditional characters (simplified afterwards). Whole phrases only.
REGION_TERMS = {
    "政府資訊": "政府信息",
    "資訊公開": "信息公開",
}
_REGION_RE = re.compile("|".join(sorted(map(re.escape, REGION_TERMS), key=len, reverse=True)))


def fold_script(text: str) -> str:
    """`text` in simplified characters when it holds traditional ones; otherwise `text` itself."""
    if not text or not has_traditional(text):
        return text
    return to_simplified(_REGION_RE.sub(lambda m: REGION_TERMS[m.group()], text))
