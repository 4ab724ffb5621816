"""The English detector of the page crawl (tests/browser/test_chinese_pages.py): sentences and leaked words are
found; identifiers, codes, units and file names are not."""

import pytest

from sunshine.core.testing import english_in, visible_text_and_links


@pytest.mark.parametrize("text", [
    "This password is too short. It must contain at least 8 characters.",
    "Page not found",
    "Not Found",
    "Enter a valid date.",
    "提交未成功：This field is required.",
    "状态：None",
    "---------",
    "请点击 Submit 按钮",
])
def test_english_is_found(text):
    assert english_in(text) != []


@pytest.mark.parametrize("text", [
    "查询码 YSQ2026-CADX8Y6A，验证码 K7M2-QX9P",
    "下载 PDF 或 Word（.docx）文件；接口文档见 API，证件类型 ID",
    "索引号 000014349/2026-00012，文号 随政办发〔2026〕3号",
    "依据 GB/T 9704-2012 和 GB 11643",
    "演示账户 sunshine-demo，邮箱 z***@example.com",
    "附件：随县2026年预算公开表.xlsx、report_final.pdf、index.html",
    "http://127.0.0.1:8000/gk/ 与 https://www.gov.cn/zhengce/",
    "12345热线 · 2026-12-03 14:05 · 第3页",
    "HTTP 404",
    "Excel",
])
def test_identifiers_codes_and_units_pass(text):
    assert english_in(text) == []


def test_visible_text_skips_scripts_and_reads_attributes():
    html = ('<html><head><title>首页</title><script>var This = "is code";</script></head><body>'
            '<p>正文 <code>sunshine demo --port</code></p><input type="search" placeholder="Search here">'
            '<a href="/gk/" aria-label="政府信息公开">公开</a><img alt="Sunny day"></body></html>')
    text, links = visible_text_and_links(html)
    assert links == ["/gk/"]
    assert "is code" not in text and "sunshine demo" not in text
    assert english_in(text) == ["Search here", "Sunny day", "Search"]
