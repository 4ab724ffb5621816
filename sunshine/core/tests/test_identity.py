"""Identity documents of every type (身份证件): a valid number, a wrong check character where the document has one,
a wrong length, full-width input folded, and the masked display."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sunshine.core import identity
from sunshine.core.identity import IdDocumentType as T
from sunshine.core.identity import mask_id_document, normalize_id_document


def refused(doc_type, value) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        normalize_id_document(doc_type, value)
    return info.value


def message(doc_type, value) -> str:
    return refused(doc_type, value).messages[0]


# --- 居民身份证 -------------------------------------------------------------------------------------------------------

def test_resident_id():
    assert normalize_id_document(T.RESIDENT_ID, "11010519491231002x") == "11010519491231002X"
    assert normalize_id_document(T.RESIDENT_ID, "１１０１０５ １９４９１２３１ ００２Ｘ") == "11010519491231002X"
    assert message(T.RESIDENT_ID, "110105194912310021") == "居民身份证号码校验码不正确，请逐位核对。"
    assert message(T.RESIDENT_ID, "11010519491231002") == "居民身份证号码应为18位（最后一位可以是X）。"
    assert message(T.RESIDENT_ID, "1101051949123100XX") == "居民身份证号码只能由数字和最后一位X组成。"
    assert message(T.RESIDENT_ID, "110105194913310021") == "居民身份证号码中的出生日期无效。"  # month 13, check ok
    assert refused(T.RESIDENT_ID, "110105194913310021").code == "invalid_resident_id_birth_date"
    assert message(T.RESIDENT_ID, "990105194912310023") == "居民身份证号码的前两位不是有效的省级行政区代码。"
    assert message(T.RESIDENT_ID, "1101051949123１００²") == "居民身份证号码只能含有字母和数字。"
    # the older function keeps its behaviour
    assert identity.normalize_resident_id("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"


# --- 港澳台居民居住证 -------------------------------------------------------------------------------------------------

def test_residence_permit_of_hong_kong_macao_and_taiwan_residents():
    for number in ("810000199001011230", "820000198511204566", "830000200102287892"):
        assert normalize_id_document(T.HMT_RESIDENCE_PERMIT, number) == number
    assert normalize_id_document(T.HMT_RESIDENCE_PERMIT, "８１００００１９９００１０１１２３０") == "810000199001011230"
    assert message(T.HMT_RESIDENCE_PERMIT, "810000199001011231") == "港澳台居民居住证号码校验码不正确，请逐位核对。"
    assert message(T.HMT_RESIDENCE_PERMIT, "81000019900101123") == "港澳台居民居住证号码应为18位（最后一位可以是X）。"
    # a valid mainland resident ID is not a residence permit
    assert message(T.HMT_RESIDENCE_PERMIT, "11010519491231002X") == (
        "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头。")


# --- 港澳居民来往内地通行证 -------------------------------------------------------------------------------------------

def test_hong_kong_and_macao_home_return_permit():
    assert normalize_id_document(T.HK_MACAO_PERMIT, "H12345678") == "H12345678"
    assert normalize_id_document(T.HK_MACAO_PERMIT, "h1234567801") == "H1234567801"  # with the reissue count
    assert normalize_id_document(T.HK_MACAO_PERMIT, "Ｍ１２３４ ５６７８") == "M12345678"
    expected = "港澳居民来往内地通行证号码应为H（香港）或M（澳门）加8位数字，或加10位数字（含2位换证次数）。"
    for wrong in ("H1234567", "H123456789", "H123456789012", "K12345678", "12345678"):
        assert message(T.HK_MACAO_PERMIT, wrong) == expected, wrong


# --- 台湾居民来往大陆通行证 -------------------------------------------------------------------------------------------

def test_taiwan_compatriot_permit():
    assert normalize_id_document(T.TAIWAN_PERMIT, "12345678") == "12345678"  # the lifetime number (2008 on)
    assert normalize_id_document(T.TAIWAN_PERMIT, "0561682001") == "0561682001"  # old: + issue count
    assert normalize_id_document(T.TAIWAN_PERMIT, "0561682001（Ｄ）") == "0561682001(D)"  # + issuing office
    assert normalize_id_document(T.TAIWAN_PERMIT, "0561682001 d") == "0561682001(D)"
    assert normalize_id_document(T.TAIWAN_PERMIT, "１２３４５６７８") == "12345678"
    for wrong in ("1234567", "123456789", "A1234567", "12345678(B)"):
        assert message(T.TAIWAN_PERMIT, wrong).startswith("台湾居民来往大陆通行证号码应为8位数字"), wrong


# --- 外国人永久居留身份证 ---------------------------------------------------------------------------------------------

def test_foreign_permanent_residence_id_card_of_2023():
    assert normalize_id_document(T.FOREIGN_PERMANENT_ID, "911840198506150011") == "911840198506150011"
    assert normalize_id_document(T.FOREIGN_PERMANENT_ID, "９３１３９２２００００２２９０１２８") == "931392200002290128"
    assert message(T.FOREIGN_PERMANENT_ID, "911840198506150012") == "外国人永久居留身份证号码校验码不正确，请逐位核对。"
    assert message(T.FOREIGN_PERMANENT_ID, "11010519491231002X") == "2023年版外国人永久居留身份证号码以9开头。"
    assert message(T.FOREIGN_PERMANENT_ID, "91184019850615001") == (
        "外国人永久居留身份证号码应为18位（2023年版，以9开头）或15位（旧版，3位字母加12位数字）。")


def test_foreign_permanent_residence_id_card_before_2023():
    assert normalize_id_document(T.FOREIGN_PERMANENT_ID, "usa110085061501") == "USA110085061501"
    assert normalize_id_document(T.FOREIGN_PERMANENT_ID, "ＵＳＡ１１００８５０６１５０１") == "USA110085061501"
    assert message(T.FOREIGN_PERMANENT_ID, "US1110085061501") == "旧版外国人永久居留身份证号码应为3位字母加12位数字。"


# --- 护照 ------------------------------------------------------------------------------------------------------------

def test_chinese_passport():
    for number in ("E12345678", "EA1234567", "G12345678", "D1234567", "S12345678", "PE1234567", "SE1234567"):
        assert normalize_id_document(T.PASSPORT, number) == number
    assert normalize_id_document(T.PASSPORT, "ｅ１２３４ ５６７８") == "E12345678"
    for wrong in ("E1234567", "E123456789", "EI1234567", "X12345678", "K12345678"):
        assert message(T.PASSPORT, wrong).startswith("中国护照号码格式不正确"), wrong


def test_foreign_passport():
    assert normalize_id_document(T.FOREIGN_PASSPORT, "C03005988") == "C03005988"
    assert normalize_id_document(T.FOREIGN_PASSPORT, "ｘａ１２３４５６") == "XA123456"
    assert message(T.FOREIGN_PASSPORT, "AB12") == "外国护照号码应为5至20位字母或数字。"
    assert message(T.FOREIGN_PASSPORT, "A" * 21) == "外国护照号码应为5至20位字母或数字。"
    assert message(T.FOREIGN_PASSPORT, "AB12/345") == "外国护照号码应为5至20位字母或数字。"


# --- 军官证 / 士兵证 / 文职干部证 / 其他 ----------------------------------------------------------------------------

@pytest.mark.parametrize(("doc_type", "label"), [(T.OFFICER_CARD, "军官证"), (T.SOLDIER_CARD, "士兵证"),
                                                 (T.CIVILIAN_CADRE_CARD, "文职干部证")])
def test_military_cards_are_free_text_with_a_length(doc_type, label):
    assert normalize_id_document(doc_type, "南字第 2002345 号") == "南字第2002345号"
    assert normalize_id_document(doc_type, "军字第２００２３４５号") == "军字第2002345号"
    assert message(doc_type, "军字1") == f"{label}号码应为4至30个字符。"
    assert message(doc_type, "军" * 31) == f"{label}号码应为4至30个字符。"
    assert message(doc_type, " \u200b ") == f"请填写{label}号码。"


def test_other_documents():
    assert normalize_id_document(T.OTHER, " 残疾人证 ｎｏ.1 ") == "残疾人证NO.1"
    assert message(T.OTHER, "x" * 31) == "其他证件号码应为1至30个字符。"
    assert message(T.OTHER, "") == "请填写其他证件号码。"


# --- 统一社会信用代码 -------------------------------------------------------------------------------------------------

def test_unified_social_credit_code():
    assert normalize_id_document(T.CREDIT_CODE, "91110000600037341l") == "91110000600037341L"
    assert normalize_id_document(T.CREDIT_CODE, "９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"
    assert message(T.CREDIT_CODE, "91110000600037341A") == "统一社会信用代码校验码不正确，请逐位核对。"
    assert message(T.CREDIT_CODE, "9111000060003734") == "统一社会信用代码应为18位。"
    assert message(T.CREDIT_CODE, "9111000060003734IL").startswith("统一社会信用代码格式不正确")
    assert identity.normalize_credit_code("91110000600037341L") == "91110000600037341L"  # unchanged


def test_unknown_type_and_the_length_bound():
    assert message("driving_licence", "123") == "请选择有效的证件类型。"
    assert identity.is_valid_id_document(T.PASSPORT, "E12345678") is True
    assert identity.is_valid_id_document(T.PASSPORT, "E1") is False
    longest = max(len(v) for v in T.values)
    assert longest <= 20  # fits the apps' id_type columns (max_length 20)
    assert identity.ID_DOCUMENT_MAX_LENGTH == 30


def test_masking_for_display():
    assert mask_id_document(T.RESIDENT_ID, "11010519491231002X") == "110105********002X"
    assert mask_id_document(T.HMT_RESIDENCE_PERMIT, "810000199001011230") == "810000********1230"
    assert mask_id_document(T.FOREIGN_PERMANENT_ID, "911840198506150011") == "911840********0011"
    assert mask_id_document(T.FOREIGN_PERMANENT_ID, "USA110085061501") == "USA********1501"
    assert mask_id_document(T.HK_MACAO_PERMIT, "H1234567801") == "H1*******01"
    assert mask_id_document(T.TAIWAN_PERMIT, "12345678") == "12****78"
    assert mask_id_document(T.PASSPORT, "E12345678") == "E1*****78"
    assert mask_id_document(T.OFFICER_CARD, "南字第2002345号") == "南字*******5号"
    assert mask_id_document(T.CREDIT_CODE, "91110000600037341L") == "91110000600037341L"  # organisations in full
    assert mask_id_document(T.OTHER, "AB") == "**"
    assert mask_id_document(T.OTHER, "") == ""
