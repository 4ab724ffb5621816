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
