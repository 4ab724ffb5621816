import pytest

from sunshine.privacy.masking import (
    mask_bank_card,
    mask_credit_code,
    mask_email,
    mask_mobile,
    mask_name,
    mask_resident_id,
    mask_text,
)


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"), ("张三丰", "张**"), ("欧阳娜娜", "欧***"), ("王", "*"), ("", ""), (" 李四 ", "李*"),
])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_numbers_exactly():
    assert mask_resident_id("11010519491231002X") == "110105********002X"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("+86 138-1234-5678") == "+86 138-****-5678"
    assert mask_credit_code("91110000600037341L") == "911100********341L"
    assert mask_bank_card("6222021234567890128") == "6222***********0128"
    assert mask_bank_card("6222 0212 3456 7890") == "6222 **** **** 7890"
    assert mask_email("zhangsan@example.com") == "z***@example.com"


def test_mask_text_replaces_every_finding_and_keeps_markings():
    text = "秘密★1年\n申请人张三（身份证11010519491231002X，电话13812345678，邮箱zhangsan@example.com）。"
    assert mask_text(text) == ("秘密★1年\n申请人张三（身份证110105********002X，电话138****5678，"
                               "邮箱z***@example.com）。")
    assert mask_text("没有敏感信息。") == "没有敏感信息。"
    assert mask_text("") == ""


def test_mask_text_masks_a_suspect_resident_id_like_an_id():
    """A resident ID with a wrong check digit (real region, real birth date) is masked as an ID on public pages."""
    assert mask_text("身份证号 421321198503120034。") == "身份证号 421321********0034。"
# --- found by the audit: the writer's own name, invisible characters, bidi overrides --------------------------------


def test_an_id_split_by_a_zero_width_space_is_masked_whole():
    """Found: an ID split by U+200B showed 14 of its 18 characters on the echo wall."""
    split = "身份证1101\u200b0519491231002X。"
    assert mask_text(split) == "身份证110105********002X。"
    for invisible in ("\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"):
        assert mask_text(f"电话138{invisible}1234{invisible}5678") == "电话138****5678"


def test_the_scanner_keeps_offsets_into_the_original_text():
    from sunshine.privacy.scanner import scan

    text = "号码：1101\u200b0519491231002X 完"
    (finding,) = scan(text)
    assert finding.kind == "resident_id" and finding.value == "1101\u200b0519491231002X"
    assert text[finding.start:finding.end] == finding.value and finding.masked == "110105********002X"


def test_the_writers_own_name_is_masked_inside_the_text():
    """Found: a topic reading 我是欧阳娜娜 showed the name in full."""
    assert mask_text("我是欧阳娜娜，住在城关镇。", names=["欧阳娜娜"]) == "我是欧***，住在城关镇。"
    assert mask_text("我是欧阳 娜娜", names=["欧阳娜娜"]) == "我是欧***"
    assert mask_text("我是欧阳\u200b娜娜", names=["欧阳娜娜"]) == "我是欧***"
    assert mask_text("本人张三，张三的电话13812345678", names=["张三", ""]) == "本人张*，张*的电话138****5678"
    # A one-character name is not looked for (it would mask that character in every word).
    assert mask_text("王府井大街", names=["王"]) == "王府井大街"


def test_mask_name_ignores_invisible_characters():
    assert mask_name("\u202e娜娜阳欧") == "娜***"
    assert mask_name("张\u200b三") == "张*"


def test_bidi_overrides_are_removed_from_pages_and_json(client, db):
    from django.http import HttpResponse, JsonResponse
    from django.test import RequestFactory

    from sunshine.core.middleware import StripBidiControlsMiddleware

    def page(request):
        return HttpResponse("<p>申请人：\u202e三张\u202c，文件\u2066a\u2069.pdf</p>")

    response = StripBidiControlsMiddleware(page)(RequestFactory().get("/"))
    assert response.content.decode() == "<p>申请人：三张，文件a.pdf</p>"
    api = StripBidiControlsMiddleware(lambda r: JsonResponse({"name": "\u202e三张"},
                                                             json_dumps_params={"ensure_ascii": False}))
    assert api(RequestFactory().get("/api/")).content.decode() == '{"name": "三张"}'
    # Chinese text with no control is left byte for byte; other characters sharing the lead byte survive.
    kept = "“引号”—…‰※"
    assert StripBidiControlsMiddleware(lambda r: HttpResponse(kept))(RequestFactory().get("/")).content.decode() == kept
