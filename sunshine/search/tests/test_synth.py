"""The offline item generator used by seeds and benchmarks."""

from sunshine.search import synth


def test_items_are_deterministic_realistic_and_in_publication_order():
    a = list(synth.make_items(300, seed=3))
    b = list(synth.make_items(300, seed=3))
    assert [x.title for x in a] == [x.title for x in b]
    assert [x.published_at for x in a] == sorted(x.published_at for x in a)
    assert a[0].published_at.year == 2014 and a[-1].published_at.year == 2025
    codes = {code for code, *_ in synth.DEPARTMENTS}
    for item in a:
        assert item.department_code in codes and item.genre in synth.GENRES and item.category in synth.CATEGORIES
        assert item.validity in synth.VALIDITIES and item.level in synth.LEVELS
        assert 280 <= len(item.body) <= 500
        assert item.created_on <= item.published_at.date()
    assert any("〔" in x.document_number and x.document_number.endswith("号") for x in a)
    assert any(x.attachments_text for x in a)


def test_department_filter():
    items = list(synth.make_items(50, seed=1, department_codes=["fgj"]))
    assert {x.department_code for x in items} == {"fgj"}
