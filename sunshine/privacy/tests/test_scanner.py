import itertools

import pytest
from stdnum.cn import ric, uscc

from sunshine.privacy.scanner import scan

from .helpers import credit_code, luhn, resident_id, wrong_resident_id

ID_X = "11010519491231002X"  # DOMAIN.md §12 example, check digit X
ID_SUI = resident_id("42132119850312004")  # 随县: valid check digit; stdnum's region table does not know 421321


def kinds(text):
    return [(f.kind, f.value) for f in scan(text)]


def test_generated_numbers_are_really_valid():
    assert ric.is_valid(ID_X)
    assert ric.is_valid(resident_id("11010519900307123"))
    assert uscc.is_valid(credit_code("91421321MA4F0XXX2".replace("X", "1")))


def test_resident_id_18_with_offsets_and_mask():
    text = f"申请人张三，身份证号码{ID_X}，住随县。"
    [f] = scan(text)
    assert (f.kind, f.value, f.masked) == ("resident_id", ID_X, "110105********002X")
    assert text[f.start:f.end] == ID_X
    assert f.start == 11 and f.end == 29


def test_resident_id_lowercase_x_and_new_county_code():
    assert kinds(f"号码{ID_X.lower()}。") == [("resident_id", ID_X.lower())]
    assert kinds(f"号码：{ID_SUI}") == [("resident_id", ID_SUI)]


def test_resident_id_in_groups_6_8_4():
    grouped = f"{ID_X[:6]} {ID_X[6:14]} {ID_X[14:]}"
    [f] = scan(f"身份证 {grouped} 。")
    assert f.kind == "resident_id" and f.value == grouped and f.masked == "110105 ******** 002X"


def test_wrong_check_digit_with_real_region_and_birth_date_is_a_suspect_resident_id():
    """Issue 12 item 7: a resident ID with a wrong check digit is a finding of its own kind, masked like an ID."""
    for prefix in ("11010519491231002", "42132119850312004"):  # 北京东城区; 随县 (listed by stdnum from 2009)
        number = wrong_resident_id(prefix)
        assert not ric.is_valid(number)
        [f] = scan(f"身份证号 {number}，")
        assert (f.kind, f.value, f.label) == ("suspect_resident_id", number, "疑似身份证号")
        assert f.masked == number[:6] + "********" + number[-4:]
    # written 6-8-4 with spaces, and with a wrong X as the check character
    bad = wrong_resident_id("11010519491231002")
    grouped = f"{bad[:6]} {bad[6:14]} {bad[14:]}"
    assert kinds(f"号码 {grouped} 。") == [("suspect_resident_id", grouped)]
    x_bad = "11010519491231003X"
    assert not ric.is_valid(x_bad)
    assert kinds(f"号码{x_bad}") == [("suspect_resident_id", x_bad)]


def test_valid_resident_id_is_the_ordinary_finding_not_a_suspect():
    number = resident_id("11010519491231002")
    assert kinds(f"号码{number}") == [("resident_id", number)]


def test_random_18_digits_are_not_a_suspect_resident_id():
    # unknown region code (98…, 110199 is no county), impossible or future birth dates, a 17-digit run
    for number in ("987654321098765432", "110199194912310021", "110105194913310021", "110105194902300021",
                   "110105299901010021", "110105187912310021"):
        assert not ric.is_valid(number)
        assert all(f.kind != "suspect_resident_id" for f in scan(f"编号{number}。")), number
    assert scan("流水号 11010519491231002 。") == []


def test_wrong_check_digit_but_luhn_valid_18_digits_is_a_bank_card():
    # 18 digits that fail the ID check digit but pass Luhn with a card-like first digit: reported as a bank card.
    number = luhn("62220219491231002")
    assert not ric.is_valid(number)
    assert kinds(f"账号{number}") == [("bank_card", number)]


def test_valid_resident_id_that_is_also_luhn_valid_is_reported_as_resident_id():
    # Precedence: resident ID > credit code > bank card for one 18-digit span.
    for seq in range(1000):
        candidate = resident_id(f"11010519900307{seq:03d}")
        if candidate[-1] != "X" and luhn(candidate[:-1]) == candidate:
            break
    else:
        pytest.fail("no overlapping number found")
    assert kinds(candidate) == [("resident_id", candidate)]


def test_impossible_birth_date_is_not_a_resident_id():
    assert scan(resident_id("11010519491331002")) == []  # month 13
    assert scan(resident_id("11010530000101002")) == []  # born in 3000


def test_legacy_15_digit_resident_id():
    assert kinds("旧身份证110105491231002，") == [("resident_id", "110105491231002")]
    [f] = scan("110105491231002")
    assert f.masked == "110105*****1002"
    assert scan("110105491331002") == []  # month 13
    assert scan("990105491231002") == []  # 99 is no province


def test_digit_boundaries():
    inner = ID_X[:-1]
    assert scan(f"9{ID_X}") == []  # 19 characters: part of a longer run
    assert scan(f"{inner}01") == []
    assert scan("913812345678") == []  # 12 digits
    assert scan("138123456789") == []
    assert kinds("订单号A13812345678B") == [("mobile", "13812345678")]  # letters are boundaries for numbers


def test_mobile_variants():
    text = "电话13812345678，+86 139 1234 5678，86-137-1234-5678，手机 158 1234 5678，座机0722-4321234。"
    found = kinds(text)
    assert found == [("mobile", "13812345678"), ("mobile", "+86 139 1234 5678"), ("mobile", "86-137-1234-5678"),
                     ("mobile", "158 1234 5678")]
    assert [f.masked for f in scan(text)] == ["138****5678", "+86 139 **** 5678", "86-137-****-5678",
                                             "158 **** 5678"]
    assert scan("12812345678") == []  # 12x is not a mobile prefix


def test_credit_code_with_letters_and_all_digits():
    letters = "91110000600037341L"
    assert uscc.is_valid(letters)
    [f] = scan(f"统一社会信用代码：{letters}")
    assert (f.kind, f.masked) == ("credit_code", "911100********341L")
    digits = next(c for c in (credit_code(f"1242132100000{n:04d}") for n in range(200)) if c.isdigit()
                  and not ric.is_valid(c))
    assert kinds(digits) == [("credit_code", digits)]
    broken = letters[:-1] + ("M" if letters[-1] != "M" else "N")
    assert scan(broken) == []


def test_bank_cards():
    card19 = luhn("622202123456789012")
    card16 = luhn("453201511283036")
    assert kinds(f"卡号{card19}") == [("bank_card", card19)]
    assert kinds(f"卡号 {card16[:4]} {card16[4:8]} {card16[8:12]} {card16[12:]} 。")[0][0] == "bank_card"
    not_luhn = card19[:-1] + str((int(card19[-1]) + 1) % 10)
    assert scan(not_luhn) == []
    assert scan(luhn("122202123456789012")) == []  # issuer digit 1 is not a card
    [f] = scan(card19)
    assert f.masked == card19[:4] + "*" * 11 + card19[-4:]


def test_email():
    [f] = scan("来信请寄 zhang.san+gk@example.com.cn。")
    assert (f.kind, f.value, f.masked) == ("email", "zhang.san+gk@example.com.cn", "z***@example.com.cn")
    assert scan("a@b") == []


def test_overlap_email_containing_a_mobile_wins():
    assert kinds("邮箱13812345678@139.com") == [("email", "13812345678@139.com")]


def test_full_width_digits_keep_offsets():
    text = "手机１３８１２３４５６７８。"
    [f] = scan(text)
    assert f.kind == "mobile" and text[f.start:f.end] == "１３８１２３４５６７８"


def test_secret_markings_positive():
    text = ("秘密★1年\n机密★\n绝密★启用前\n機密文件\n内部\n【内部】\n（秘密）\n密级：内部\n内部★\n内部资料\n"
            "內部資料\n秘密 ★ 10 年")
    assert [f.value for f in scan(text)] == ["秘密★1年", "机密★", "绝密★启用前", "機密", "内部", "内部", "秘密",
                                             "内部", "内部★", "内部资料", "內部資料", "秘密 ★ 10 年"]
    assert all(f.kind == "secret_marking" and f.masked == f.value for f in scan(text))


@pytest.mark.parametrize("text", [
    "加强内部控制和内部审计。",
    "属于三类内部事务信息的，不予公开。",
    "属于国家秘密的，不予公开；涉及商业秘密的，征求第三方意见。",
    "内部管理制度",
    "秘密进行",
])
def test_secret_markings_negative(text):
    assert scan(text) == []


def test_findings_are_in_order_and_do_not_overlap():
    text = f"{ID_X} 13812345678 zhangsan@example.com 秘密★ {luhn('622202123456789012')}"
    findings = scan(text)
    assert [f.kind for f in findings] == ["resident_id", "mobile", "email", "secret_marking", "bank_card"]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start


def test_one_megabyte_with_a_finding_every_30_characters_finds_them_all():
    """Its speed is measured by bench/privacy_scan.py, not here: a timed test fails on a busy machine."""
    chunk = f"随县人民政府办公室 联系电话0722-4321234 手机13812345678 身份证{ID_X} 邮箱a.b@sui.gov.cn 内部控制 "
    text = chunk * (1_000_000 // len(chunk))
    findings = scan(text)
    assert len(findings) == 3 * (1_000_000 // len(chunk))
    assert [f.kind for f in findings[:3]] == ["mobile", "resident_id", "email"]
