"""Simplified ↔ traditional conversion (sunshine.core.chinese_script), with a sentence of seed 002."""

from __future__ import annotations

import pytest

from sunshine.core import chinese_script as cs

# Seed 002 (/work/shared/seeds/002_*.txt), paragraph 1: written in traditional characters. Its 聯系 and 規范 are
# simplified 系/范 left by whoever converted it (proper traditional: 聯繫, 規範).
SEED_002 = ("今年以來,XX街道政務公開工作緊緊圍繞增強工作的透明度,加強民主監督,密切與群眾的聯系,推行依法行政、"
            "廉潔行政,進一步鞏固政務公開成果,規范政務公開內容,有力地促進了街道的穩定和經濟的發展。")
SIMPLIFIED = ("今年以来,XX街道政务公开工作紧紧围绕增强工作的透明度,加强民主监督,密切与群众的联系,推行依法行政、"
              "廉洁行政,进一步巩固政务公开成果,规范政务公开内容,有力地促进了街道的稳定和经济的发展。")
TRADITIONAL = ("今年以來,XX街道政務公開工作緊緊圍繞增強工作的透明度,加強民主監督,密切與群眾的聯繫,推行依法行政、"
               "廉潔行政,進一步鞏固政務公開成果,規範政務公開內容,有力地促進了街道的穩定和經濟的發展。")


def test_seed_002_sentence_to_simplified_and_back():
    assert cs.has_traditional(SEED_002) and cs.is_mostly_traditional(SEED_002)
    assert cs.to_simplified(SEED_002) == SIMPLIFIED
    assert not cs.has_traditional(SIMPLIFIED)
    # back: Taiwan-standard glyphs as in the seed (群眾, not OpenCC's 羣衆), with 聯繫/規範 done properly
    assert cs.to_traditional(SIMPLIFIED) == TRADITIONAL
    assert cs.to_simplified(TRADITIONAL) == SIMPLIFIED


@pytest.mark.parametrize("simplified, traditional", [
    ("头发", "頭髮"), ("发展", "發展"), ("本着规范", "本著規範"), ("显著", "顯著"), ("为了", "為了"),
    ("随政办发〔2014〕34号", "隨政辦發〔2014〕34號"), ("程序", "程序"), ("文件", "文件"),  # never vocabulary
])
def test_phrases_round_trip(simplified, traditional):
    assert cs.to_traditional(simplified) == traditional
    assert cs.to_simplified(traditional) == simplified


def test_mixed_text_is_simplified_without_touching_its_simplified_words():
    # mostly simplified with one traditional word: t2s (tw2s would turn 显著 into 显着)
    assert not cs.is_mostly_traditional("经济发展成效显著，臺灣同胞")
    assert cs.to_simplified("经济发展成效显著，臺灣同胞") == "经济发展成效显著，台湾同胞"
    # 著 alone is a simplified character too: a text whose only traditional-looking character it is stays as is
    assert not cs.has_traditional("本著") and cs.to_simplified("本著") == "本著"
    assert cs.to_simplified("信息公开 2024") == "信息公开 2024"  # nothing traditional: returned as it is


def test_convert_many_keeps_each_text_apart():
    texts = ["信息", "公开", "\n  ", "", "发"]
    assert cs.convert_many(texts, cs.HANT) == ["信息", "公開", "\n  ", "", "發"]
    assert cs.convert_many(["資訊", "公開", "一般"], cs.HANS) == ["资讯", "公开", "一般"]
    assert cs.convert_many(["a\ue000b", "开"], cs.HANT) == ["a\ue000b", "開"]  # the join character inside a text
    with pytest.raises(ValueError):
        cs.convert_many(["x"], "zh")
