"""The demo data: the county's items and cases in many states, through the services, idempotent."""

from __future__ import annotations

import io

import pytest

from sunshine.gov_services.models import Application, ServiceItem
from sunshine.gov_services.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_items_and_cases_load_once():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.gov_services import catalogue_demo, demo
    from sunshine.orgs import demo as orgs_demo

    out = io.StringIO()
    orgs_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    assert ServiceItem.objects.count() == len(catalogue_demo.ITEMS) == 12
    assert set(ServiceItem.objects.values_list("item_type", flat=True)) == {
        "licensing", "confirmation", "public_service", "benefit"}
    permit = ServiceItem.objects.get(code="zjj-001")
    assert permit.current_version.statutory_limit_days == 7 and permit.window.number == "5"
    states = set(Application.objects.values_list("status", flat=True))
    assert states == {Status.REGISTERED, Status.DISPATCHED, Status.AWAITING_MATERIALS, Status.REVIEWING,
                      Status.SPECIAL, Status.RETURNED, Status.COMPLETED, Status.NOT_ACCEPTED}
    lapsed = Application.objects.get(accepted_by_lapse=True)
    assert lapsed.accepted_on == lapsed.received_on
    count = Application.objects.count()
    demo.load(out)
    assert Application.objects.count() == count == 9 and ServiceItem.objects.count() == 12
