"""Issue 8 item 9 in a real browser: the clerk registers an administrative review about one of the department's
requests on the register page (行政复议、行政诉讼案件登记), a refused entry (a filing date in the future) keeps what
was typed and saves nothing, the review is counted as 尚未审结 in table 4 on the report page, then recorded as
corrected (结果纠正) on its update page and counted there, with the table's checks passing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _table4(page, live_url: str, year: int) -> dict[str, int]:
    page.goto(f"{live_url}/ysq/staff/report/?year={year}")
    expect(page.get_by_role("heading", name="表四：政府信息公开行政复议、行政诉讼情况")).to_be_visible()
    cells = page.locator("#review-table tbody td")
    expect(cells).to_have_count(15)
    keys = cells.evaluate_all("cells => cells.map(c => c.dataset.column)")
    return dict(zip(keys, (int(v) for v in cells.all_inner_texts()), strict=True))


def test_register_a_review_and_see_it_in_table_4(page, live_url, login):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    login(page, live_url, "clerk")
    before = _table4(page, live_url, today.year)

    # a request of the clerk's department, from the staff list
    page.goto(f"{live_url}/ysq/staff/")
    code = page.locator("#request-list tbody tr td a").first.inner_text().strip()
    assert code.startswith("YSQ")
    page.get_by_role("link", name="行政复议、行政诉讼案件登记").click()
    expect(page.get_by_role("heading", name="行政复议、行政诉讼案件登记", exact=True)).to_be_visible()
    rows = page.locator("#review-case-list tbody tr[data-case]")
    count = rows.count()

    # a filing date in the future is refused beside the field; what was typed stays
    page.get_by_label("所涉申请的查询码").fill(code)
    page.get_by_label("类别").select_option(label="行政复议")
    page.get_by_label("案号（选填）").fill("随政复〔2026〕9号")
    page.get_by_label("立案（受理）日期").fill((today + dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("立案（受理）日期不能晚于今天。").first).to_be_visible()
    expect(page.get_by_label("案号（选填）")).to_have_value("随政复〔2026〕9号")
    expect(rows).to_have_count(count)

    page.get_by_label("立案（受理）日期").fill(today.isoformat())
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text(f"已登记：行政复议（{code}）。")).to_be_visible()
    expect(rows).to_have_count(count + 1)
    row = rows.filter(has_text="随政复〔2026〕9号")
    expect(row).to_contain_text("尚未审结")
    expect(row).to_contain_text("计入")

    pending = _table4(page, live_url, today.year)
    assert pending["review_pending"] == before["review_pending"] + 1
    assert pending["review_total"] == before["review_total"] + 1

    # the review body corrects the refusal: recorded on the entry's page
    page.goto(f"{live_url}/ysq/staff/review-cases/")
    page.get_by_role("link", name=f"查看或更新 行政复议 {code}").first.click()
    expect(page.get_by_role("heading", name=f"行政复议（{code}）")).to_be_visible()
    page.get_by_label("审结结果").select_option(label="结果纠正")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已审结的案件请填写审结日期。").first).to_be_visible()
    page.get_by_label("审结日期（已审结时填写）").fill(today.isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已更新。")).to_be_visible()
    expect(page.locator("#review-case-list tbody tr[data-case]").filter(has_text="随政复〔2026〕9号")).to_contain_text(
        "结果纠正")

    after = _table4(page, live_url, today.year)
    assert after["review_corrected"] == before["review_corrected"] + 1
    assert after["review_pending"] == before["review_pending"]
    assert after["review_total"] == before["review_total"] + 1
    checks = page.locator("section[aria-labelledby=checks-heading] li").filter(has_text="表四·")
    expect(checks).to_have_count(3)
    expect(checks.filter(has_text="未通过")).to_have_count(0)


def test_table_2_beside_tables_3_and_4(page, live_url, login):
    """Table 2 (主动公开政府信息情况) on the same page: its four article items and seven rows, whole numbers drawn from
    the data, 行政处罚 and 行政强制 shown as "—" with the note that no penalty app is installed (never a number)."""
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    login(page, live_url, "clerk")
    page.goto(f"{live_url}/ysq/staff/report/?year={today.year}")
    expect(page.get_by_role("heading", name="表二：主动公开政府信息情况")).to_be_visible()
    table = page.locator("#proactive-table")
    expect(table.locator("tbody[data-section]")).to_have_count(4)
    expect(table.locator("tr[data-row]")).to_have_count(6)
    for key in ("rules", "normative"):
        for column in ("made", "abolished", "in_force"):
            assert table.locator(f"tr[data-row={key}] td[data-column={column}]").inner_text().strip().isdigit()
    assert table.locator("tr[data-row=licensing] td").inner_text().strip().isdigit()
    expect(table.locator("tr[data-row=penalty] td")).to_have_text("—")
    expect(table.locator("tr[data-row=coercion] td")).to_have_text("—")
    fee = table.locator("tr[data-row=fees] td").inner_text().strip()
    whole, _, decimals = fee.partition(".")
    assert whole.isdigit() and len(decimals) == 4 and decimals.isdigit()
    expect(page.get_by_text("未安装行政处罚、行政强制模块", exact=False)).to_be_visible()
