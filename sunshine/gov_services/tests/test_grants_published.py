"""行政许可法 §40: grants are published on /zw/decisions/, masked, and found by the kernel's search; refusals are
not published."""

from __future__ import annotations

import datetime as dt

from sunshine.gov_services import grants, services
from sunshine.search.models import SearchEntry

D = dt.date
COMPANY = {"applicant_name": "随县光明新能源有限公司", "applicant_id_type": "credit_code",
           "applicant_id_number": "91110000600037341L"}


SEPT_21 = D(2026, 9, 21)


def _decide(submit, desk, clerk, decision, *, on=SEPT_21, reasons="", **data):
    app = services.application_dispatch(submit(on=on, **data), actor=desk)
    app = services.application_accept(app, actor=clerk, on=on)
    app = services.application_complete_review(app, actor=clerk, on=on)
    return services.application_decide(app, actor=clerk, decision=decision, reasons=reasons, on=on)


def test_grants_are_published_masked_and_refusals_are_not(client, item, submit, desk, window_clerk,
                                                         django_assert_max_num_queries):
    person = _decide(submit, desk, window_clerk, "granted")  # 张三丰, 11010519491231002X, 13812345678
    services.application_issue_certificate(person, actor=window_clerk, number="发改核准〔2026〕18号",
                                           on=D(2026, 9, 22))
    company = _decide(submit, desk, window_clerk, "granted", on=D(2026, 9, 23), **COMPANY)
    denied = _decide(submit, desk, window_clerk, "denied", reasons="不符合产业政策", on=D(2026, 9, 24),
                     applicant_name="李四光", applicant_id_number="421321199001011237")
    denied_company = _decide(submit, desk, window_clerk, "denied", reasons="不符合产业政策", on=D(2026, 9, 24),
                             **{**COMPANY, "applicant_name": "随县黑烟化工有限公司"})
    with django_assert_max_num_queries(8):
        r = client.get("/zw/decisions/")
    html = r.content.decode()
    assert r.status_code == 200 and "共 2 项准予许可决定" in html
    assert "张**" in html and "张三丰" not in html and "11010519491231002X" not in html and "13812345678" not in html
    assert "随县光明新能源有限公司" in html and "发改核准〔2026〕18号" in html
    assert "李四" not in html and "黑烟化工" not in html and "不符合产业政策" not in html
    # the search index holds the grants only, masked
    entries = {e.object_id: e for e in SearchEntry.objects.filter(kind=grants.KIND)}
    assert set(entries) == {person.pk, company.pk}
    assert "张三丰" not in entries[person.pk].title + entries[person.pk].text and "张**" in entries[person.pk].title
    assert entries[person.pk].document_number == "发改核准〔2026〕18号"
    assert denied.pk not in entries and denied_company.pk not in entries
    # searching through the kernel's search
    html = client.get("/zw/decisions/", {"q": "光明新能源"}).content.decode()
    assert "随县光明新能源有限公司" in html and "张**" not in html
    html = client.get("/zw/decisions/", {"q": "企业投资项目核准"}).content.decode()
    assert "张**" in html and "随县光明新能源有限公司" in html
    html = client.get("/zw/decisions/", {"q": "张三丰"}).content.decode()
    assert "没有符合条件的许可决定" in html
    html = client.get("/zw/decisions/", {"q": "黑烟化工"}).content.decode()
    assert "黑烟化工有限公司" not in html


def test_public_record_masks_a_natural_person():
    class App:
        applicant_name, applicant_id_type = "欧阳娜娜", "resident_id"

    assert grants.public_applicant(App) == "欧***" and grants.is_natural_person(App)
    App.applicant_id_type = "credit_code"
    App.applicant_name = "随县某某有限公司"
    assert grants.public_applicant(App) == "随县某某有限公司"


def test_the_decisions_page_with_odd_parameters(client, item):
    for params in ({"q": "\x00"}, {"q": "x" * 5000}, {"page": "-1"}, {"page": "abc"}, {"department": "nope"},
                   {"q": "核准", "page": "999"}, {"q": "\"(*", "department": "fgw"}, {"q": "核准", "page": "0"}):
        r = client.get("/zw/decisions/", params)
        assert r.status_code < 500, params
    assert client.post("/zw/decisions/", {}).status_code == 405
