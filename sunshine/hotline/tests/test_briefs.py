"""The month's brief (简报) and a special report (专报): exact figures, the most frequent matters and places, the
late departments, notable cases; numbering 第N期; the pages and the .docx."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from sunshine.hotline import briefs, services
from sunshine.hotline.models import Brief, Matter

from .conftest import at

pytestmark = pytest.mark.django_db
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture
def october(submit, departments, operator, other_clerk, clerk, matter, town, head):
    """October 2026: 4 路灯 tickets (2 in 厉山镇), 1 供水 ticket, a late reply of 住建局 (due Mon 10-19, replied
    10-20), an unsatisfied callback, a supervision order on 发改局's late ticket, one ticket of September."""
    water = Matter.objects.create(code="water", name="供水问题", lead_department=departments["fgw"])
    tickets = []
    for n in range(4):
        t = submit(when=at(2026, 10, 12, 8), phone=f"1390000020{n}", matter=matter,
                   place=town if n < 2 else None)
        services.ticket_dispatch(ticket=t, department=departments["zjj"], actor=operator, at=at(2026, 10, 12, 9))
        services.ticket_sign_for(ticket=t, actor=other_clerk, at=at(2026, 10, 12, 10))
        services.ticket_contact(ticket=t, note="已联系", actor=other_clerk, at=at(2026, 10, 12, 11))
        tickets.append(t)
    for t, day, satisfaction in ((tickets[0], 16, "satisfied"), (tickets[1], 20, "unsatisfied")):
        services.ticket_reply(ticket=t, text="已办理。", resolved=True, actor=other_clerk, at=at(2026, 10, day, 9))
        services.ticket_approve_reply(ticket=t, actor=operator, at=at(2026, 10, day, 10))
        services.ticket_callback(ticket=t, resolved=satisfaction == "satisfied", satisfaction=satisfaction,
                                 note="路灯仍不亮" if satisfaction == "unsatisfied" else "", actor=operator,
                                 at=at(2026, 10, 21, 9))
    w = submit(when=at(2026, 10, 13, 8), phone="13900000210", matter=water, title="自来水停水三天")
    services.ticket_dispatch(ticket=w, department=departments["fgw"], actor=operator, at=at(2026, 10, 13, 9))
    services.ticket_supervise(ticket=w, reason="逾期未签收", actor=head, at=at(2026, 10, 16, 9))
    submit(when=at(2026, 9, 30, 23, 59), phone="13900000211", matter=matter)  # September's
    return {"water": water, "tickets": tickets}


def test_month_brief_figures_exactly(october, departments, matter, operator):
    data = briefs.compose(start=OCT[0], end=OCT[1])
    f = data["figures"]
    assert (data["received"], f["received"], f["lead_dispatches"], f["signed"], f["signed_on_time"]) == (5, 5, 5, 4, 4)
    assert (f["replied"], f["replied_on_time"], f["on_time_rate"]) == (2, 1, "50.0")
    assert (f["callbacks"], f["satisfied"], f["satisfaction_rate"], f["resolve_rate"]) == (2, 1, "50.0", "50.0")
    assert (f["returned"], f["return_rate"], f["direct_rate"]) == (0, "0.0", "0.0")
    assert data["top_matters"] == [{"name": "路灯维修", "count": 4, "share": "80.0"},
                                   {"name": "供水问题", "count": 1, "share": "20.0"}]
    assert data["top_places"] == [{"name": "厉山镇", "count": 2, "share": "40.0"}]
    assert data["late_departments"] == [{"department": "随县住房和城乡建设局", "late_replies": 1, "late_signs": 0,
                                         "total": 1}]
    assert [(c["kind"], c["department"]) for c in data["notable"]] == [("书面督办", "随县发展和改革局"),
                                                                       ("回访不满意", "随县住房和城乡建设局")]
    assert data["notable"][1]["note"] == "路灯仍不亮"

    first = briefs.generate(kind="monthly", start=OCT[0], end=OCT[1], actor=operator)
    second = briefs.generate(kind="monthly", start=OCT[0], end=OCT[1], actor=operator)
    assert (first.number, second.number, first.title) == (1, 2, "12345热线简报 2026年第1期（2026年10月）")
    assert "受理群众诉求5件" in briefs.summary_text(first) and "满意率50.0%" in briefs.summary_text(first)


def test_special_report_on_one_matter(october, matter, operator):
    brief = briefs.generate(kind="special", start=OCT[0], end=OCT[1], matter=october["water"], actor=operator)
    assert brief.title == "12345热线专报 2026年第1期：供水问题（2026年10月）"
    f = brief.data["figures"]
    assert (f["received"], f["lead_dispatches"], f["callbacks"]) == (1, 1, 0)
    assert brief.data["top_matters"] == [{"name": "供水问题", "count": 1, "share": "100.0"}]
    assert [c["kind"] for c in brief.data["notable"]] == ["书面督办"]
    assert brief.data["late_departments"] == []


def test_brief_pages_and_docx(client, october, operator, other_clerk, matter):
    from docx import Document

    client.force_login(other_clerk)
    assert client.get("/rx/staff/briefs/").status_code == 403
    client.force_login(operator)
    bad = client.post("/rx/staff/briefs/", {"kind": "special", "start": "2026-10"})
    assert bad.status_code == 400 and "专报请选择专项事项" in bad.content.decode()
    assert "起始月份格式" in client.post("/rx/staff/briefs/", {"kind": "monthly", "start": "10/2026"}).content.decode()
    response = client.post("/rx/staff/briefs/", {"kind": "monthly", "start": "2026-10"})
    brief = Brief.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rx/staff/briefs/{brief.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "12345热线简报 2026年第1期（2026年10月）" in html and "路灯维修：4件（80.0%）" in html
    assert "随县住房和城乡建设局" in html and "书面督办" in html
    assert "12345热线简报 2026年第1期" in client.get("/rx/staff/briefs/").content.decode()
    docx = client.get(f"/rx/staff/briefs/{brief.pk}/docx/")
    assert docx.status_code == 200 and 'filename="hotline-monthly-2026-01.docx"' in docx["Content-Disposition"]
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "12345热线简报 2026年第1期（2026年10月）" in text and "受理群众诉求5件" in text
    cells = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert cells[1] == ["路灯维修", "4", "80.0"]
    assert client.get("/rx/staff/briefs/999999/").status_code == 404
