"""转办: a ticket that is really a disclosure request becomes one (through the disclosure app's registered
conversion, a case link at both ends), or a petition is handed over to the county 信访局 with its reference; the
ticket ends 已转办 with its clocks cancelled, counted against nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from sunshine.caselinks.services import links_of
from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.hotline import services
from sunshine.hotline.models import Ticket
from sunshine.hotline.statistics import provider

from .conftest import at

pytestmark = pytest.mark.django_db

RESIDENT_ID = "11010519491231002X"


def _data(departments, **over):
    return {"department": departments["gkb"], "applicant_name": "张三丰", "applicant_type": "natural_person",
            "id_number": RESIDENT_ID, "phone": "13812345678", "address": "随县厉山镇神农大道1号", "email": "",
            "description": "请提供厉山镇2025年道路建设项目的招标文件和中标公告。", "form": "electronic",
            "delivery": "online", **over}


def test_conversion_to_a_disclosure_request_links_both_ends(submit, operator, departments):
    DisclosureRequest = apps.get_model("disclosure_requests", "DisclosureRequest")  # by name: no domain import
    ticket = submit(kind="consult", title="想要道路招标文件", when=at(2026, 9, 21, 9))
    services.ticket_dispatch(ticket=ticket, department=departments["zjj"], actor=operator, at=at(2026, 9, 21, 10))
    ticket, result = services.ticket_convert(ticket=ticket, to="disclosure_request", data=_data(departments),
                                             actor=operator, at=at(2026, 9, 22, 9))
    request = DisclosureRequest.objects.get()
    assert result.target == request and result.reference == request.tracking_code and result.secret
    assert request.channel == "oral" and request.department.code == "gkb"
    assert (ticket.status, ticket.converted_kind, ticket.converted_reference) == (
        "converted", "disclosure_request", request.tracking_code)
    assert [(v.link.kind, v.outgoing) for v in links_of(ticket)] == [("converted_to", True)]
    assert [(v.link.kind, v.outgoing) for v in links_of(request)] == [("converted_to", False)]
    # the clocks end cancelled: never late, counted against no department
    ticket.refresh_from_db()
    assert ticket.sign_clock.state == Clock.State.STOPPED and ticket.sign_clock.outcome == "cancelled"
    assert ticket.reply_clock.outcome == "cancelled"
    assert not ticket.assignments.filter(active=True).exists()
    rows = provider.figures(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30), group_by=("department",))
    assert sum(r["converted"] for r in rows) == 1 and sum(r["replied"] for r in rows) == 0


def test_a_refused_application_leaves_nothing_on_either_side(submit, operator, departments):
    from sunshine.caselinks.models import CaseLink

    DisclosureRequest = apps.get_model("disclosure_requests", "DisclosureRequest")  # by name: no domain import

    ticket = submit(kind="consult")
    with pytest.raises(DomainError):
        services.ticket_convert(ticket=ticket, to="disclosure_request",
                                data=_data(departments, id_number="123"), actor=operator)
    assert Ticket.objects.get(pk=ticket.pk).status == "received"
    assert DisclosureRequest.objects.count() == 0 and CaseLink.objects.count() == 0


def test_petition_hand_over_records_the_reference(submit, operator, departments, client):
    ticket = submit(kind="complaint", title="征地补偿不公", when=at(2026, 9, 21, 9))
    client.force_login(operator)
    refused = client.post(f"/rx/staff/tickets/{ticket.pk}/convert/", {"reference": ""})
    assert refused.status_code == 400 and "信访件编号" in refused.content.decode()
    done = client.post(f"/rx/staff/tickets/{ticket.pk}/convert/", {"reference": "随信〔2026〕0921号"})
    assert done.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.converted_kind, ticket.converted_reference) == (
        "converted", "petition", "随信〔2026〕0921号")
    page = client.get(f"/rx/staff/tickets/{ticket.pk}/").content.decode()
    assert "随信〔2026〕0921号" in page and "已转办" in page


def test_disclosure_conversion_page(submit, operator, departments, client, other_clerk):
    ticket = submit(kind="consult", title="想要道路招标文件")
    client.force_login(other_clerk)
    assert client.get(f"/rx/staff/tickets/{ticket.pk}/convert/disclosure/").status_code == 403
    client.force_login(operator)
    page = client.get(f"/rx/staff/tickets/{ticket.pk}/convert/disclosure/")
    assert page.status_code == 200 and 'value="张三丰"' in page.content.decode()
    data = {k: v for k, v in _data(departments).items() if k != "department"}
    bad = client.post(f"/rx/staff/tickets/{ticket.pk}/convert/disclosure/", {**data, "department": "gkb",
                                                                             "address": ""})
    assert bad.status_code == 400 and Ticket.objects.get(pk=ticket.pk).status == "received"
    ok = client.post(f"/rx/staff/tickets/{ticket.pk}/convert/disclosure/", {**data, "department": "gkb"})
    assert ok.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == "converted"
