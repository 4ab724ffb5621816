"""Information processing fees (信息处理费), Art. 42 and 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

Two methods; one per application:

- by count (按件计收): by the application's rank among the same applicant's applications to the same agency in
  one calendar month: 1–10 free; 11–30 100元 each; from the 31st, each further band of 10 adds 100元 per
  application (31–40: 200元, 41–50: 300元, …).
- by volume (按量计收), progressive over the pages of one application: 1–30 free; 31–100 10元/page;
  101–200 20元/page; 201 and above 40元/page.
"""

from __future__ import annotations

from decimal import Decimal

PER_ITEM = "per_item"
PER_PAGE = "per_page"

# Pages of one application charged by volume: far above any real request, and its fee (40元/page at the top band)
# fits the amount column (10 digits, 2 decimals); 10**30 pages overflowed the integer column (a 500).
MAX_FEE_PAGES = 1_000_000

# 109号 art. 5: charging by volume applies to information provided on paper, by e-mail or as copied electronic data;
# a request to inspect (当场查阅) copies nothing, so it is never charged per page.
PER_PAGE_FORMS = frozenset({"paper", "electronic"})
PER_PAGE_REFUSED = ("按量计收仅适用于以纸质、电子邮件或复制电子数据方式提供的信息；本申请的提供形式为当场查阅，"
                    "不能按页收费（国办函〔2020〕109号第五条）。")


def per_page_allowed(form: str) -> bool:
    """Whether a request for information in `form` (paper / electronic / inspection) may be charged per page."""
    return form in PER_PAGE_FORMS


PAGE_BANDS: list[tuple[int, int | None, int]] = [(1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40)]


def fee_per_item(rank_in_month: int) -> Decimal:
    """Fee of the `rank_in_month`-th application of one applicant in one calendar month."""
    if rank_in_month < 1:
        raise ValueError("rank_in_month starts at 1")
    if rank_in_month <= 10:
        return Decimal(0)
    if rank_in_month <= 30:
        return Decimal(100)
    bands_above_30 = (rank_in_month - 31) // 10 + 1
    return Decimal(100 + 100 * bands_above_30)


def fee_per_page(pages: int) -> Decimal:
    """Fee of one application of `pages` pages, progressive by band."""
    if pages < 0:
        raise ValueError("pages must be >= 0")
    total = 0
    for low, high, price in PAGE_BANDS:
        if pages < low:
            break
        upper = pages if high is None else min(pages, high)
        total += (upper - low + 1) * price
    return Decimal(total)


def compute_fee(*, method: str, rank_in_month: int = 0, pages: int = 0) -> Decimal:
    if method == PER_ITEM:
        return fee_per_item(rank_in_month)
    if method == PER_PAGE:
        return fee_per_page(pages)
    raise ValueError(f"unknown fee method {method!r}")
