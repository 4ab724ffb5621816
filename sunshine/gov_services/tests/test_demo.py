"""The demo data: the county's items and cases in many states, through the services, idempotent."""

from __future__ import annotations

import io

import pytest

from sunshine.gov_services.models import Application, ServiceItem
from sunshine.gov_services.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_items_and_cases_load_once():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.gov_services import catalogue_demo, catalogue_demo_county, demo
    from sunshine.gov_services.models import ServiceItemVersion, Theme
    from sunshine.orgs import demo as orgs_demo

    out = io.StringIO()
    orgs_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    county = ServiceItem.objects.exclude(code__startswith="town-")
    assert county.count() == len(catalogue_demo.ITEMS) + len(catalogue_demo_county.COUNTY_ITEMS) >= 35
    towns = ServiceItem.objects.filter(code__startswith="town-")
    assert towns.count() == 17 * len(catalogue_demo_county.TOWN_ITEMS)
    assert all(i.department.code == i.code.rsplit("-", 1)[0] for i in towns.select_related("department"))
    assert set(ServiceItem.objects.values_list("item_type", flat=True)) == {
        "licensing", "confirmation", "public_service", "benefit", "other_power"}
    # every item is published, with its materials; every county item in a demo department
    assert not ServiceItem.objects.filter(current_version=None).exists()
    assert not ServiceItem.objects.exclude(current_version__status="published").exists()
    assert ServiceItem.objects.filter(code="zjj-002").get().current_version.materials.count() == 5
    # guide versions in review: one draft, one submitted, one returned
    assert sorted(ServiceItemVersion.objects.exclude(status__in=["published", "superseded"]).values_list(
        "item__code", "status")) == [("fgj-003", "returned"), ("scjgj-003", "draft"), ("zjj-002", "submitted")]
    # themes and life events for persons and companies
    birth = Theme.objects.get(code="p-birth")
    assert birth.items.filter(code__startswith="town-").count() == 34 and birth.audience == "person"
    assert Theme.objects.get(code="c-start").items.filter(code="scjgj-004").exists()
    assert ServiceItem.objects.get(code="scjgj-001").audience == "company"
    assert ServiceItem.objects.get(code="mzj-002").audience == "person"
    permit = ServiceItem.objects.get(code="zjj-001")
    assert permit.current_version.statutory_limit_days == 7 and permit.window.number == "5"
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    lapsed = Application.objects.get(accepted_by_lapse=True)
    assert lapsed.accepted_on == lapsed.received_on
    count = Application.objects.count()
    demo.load(out)
    assert Application.objects.count() == count == 13
    assert ServiceItem.objects.count() == county.count() + towns.count()
    assert ServiceItemVersion.objects.count() == ServiceItem.objects.count() + 3
