"""The demo data: the county's items and cases in many states, through the services, idempotent."""

from __future__ import annotations

import io

import pytest

from sunshine.gov_services.models import Application, ServiceItem
from sunshine.gov_services.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_items_and_cases_load_once():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.gov_services import catalogue_demo, catalogue_demo_county, demo, parallel_demo
    from sunshine.gov_services.models import ServiceItemVersion, Theme
    from sunshine.orgs import demo as orgs_demo

    out = io.StringIO()
    orgs_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    county = ServiceItem.objects.exclude(code__startswith="town-")
    # the county catalogue, the parallel approval's components (zrzyj-002 shared with the county catalogue) and
    # combined matters, and the cancelled item of the supervision demo (oversight_demo, fgj-900)
    assert county.count() == (len(catalogue_demo.ITEMS) + len(catalogue_demo_county.COUNTY_ITEMS)
                              + len(parallel_demo.COMPONENTS) - 1 + len(parallel_demo.COMBINED) + 1) >= 35
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
    assert Application.objects.count() == count == 24
    assert ServiceItem.objects.count() == county.count() + towns.count()
    assert ServiceItemVersion.objects.count() == ServiceItem.objects.count() + 3
    # 并联审批: a combined matter completed, one in parallel; the key project in the green channel with its agent
    combined = Application.objects.filter(item_version__item__is_combined=True)
    assert sorted(combined.values_list("status", flat=True)) == [Status.COMPLETED, Status.PARALLEL, Status.PARALLEL]
    key = combined.get(green_channel=True)
    assert key.agent.username == "daiban" and key.promised_clock.limit_days == 15
    assert key.statutory_clock.limit_days == 45 and key.statutory_clock.state == "paused"  # 专家评审 (§45)
    assert {t.department.code: t.status for t in key.tasks.all()} == {
        "fgj": "special", "zrzyj": "done", "sthjj": "deciding"}
    # fees and supervision: every flag kind on some demo case, once; the payments for table 2
    from sunshine.gov_services.models import FeePayment, FlagKind, IntegrityFlag

    flags = IntegrityFlag.objects.select_related("application__item_version__item", "department")
    assert {f.kind for f in flags} == set(FlagKind.values)
    assert sorted(f.kind for f in flags if f.kind != FlagKind.STEP_OVERDUE) == sorted(
        set(FlagKind.values) - {FlagKind.STEP_OVERDUE})  # once each
    # 环节超时: one single case, and the key project's three 审查 tasks (due 11-26) in their departments
    assert sorted((f.application.item_version.item.code, f.department.code) for f in flags
                  if f.kind == FlagKind.STEP_OVERDUE) == [
        ("fgj-001", "fgj"), ("lb-002", "fgj"), ("lb-002", "sthjj"), ("lb-002", "zrzyj")]
    assert sorted(FeePayment.objects.values_list("amount", "outside_standard")) == [(50000, True), (55000, False)]
    forest = Application.objects.get(applicant_name="刘国庆")
    assert forest.fee_due == 1200000 and forest.status == Status.CERTIFYING
