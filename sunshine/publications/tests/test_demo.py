"""The demo a county clerk would believe (issue 12 item 5): coherent catalogue items, annual reports stating the
demo's own table 3, a guide for every department and town, notifications over the demo period."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from sunshine.publications import demo_catalogue, tables
from sunshine.publications.demo import ANNUAL_FILE, demo_years
from sunshine.publications.models import Publication


def test_catalogue_rows_are_coherent():
    """Pure generator: the publisher handles the topic, the category is the topic's, the document number is the
    publisher's, village items name the village that publishes them."""
    departments = {code: (name, "county") for code, name in [
        ("mzj", "随县民政局"), ("lyj", "随县林业局"), ("zfb", "随县人民政府办公室"), ("czj", "随县财政局")]}
    departments.update({"town-1": ("厉山镇人民政府", "town"), "village-1": ("厉山镇新街村村民委员会", "village")})
    rows = demo_catalogue.catalogue_rows(departments, n=200, seed=1, start_year=2023, end_year=2025)
    owners = {topic: (code, category) for topic, code, category in demo_catalogue.TOPICS}
    abbreviations = demo_catalogue.ABBREVIATIONS
    for row in rows:
        name = departments[row["department"]][0]
        if row["genre"] == "village_affairs":
            assert row["title"].startswith("厉山镇新街村") and row["category"] == "village_affairs"
            continue
        assert name in row["body"], row
        topic = next((t for t in owners if t in row["title"]), None)
        if row["department"] in ("mzj", "lyj", "zfb", "czj") and topic and owners[topic][0] == row["department"]:
            assert row["category"] == owners[topic][1], row
        if row["document_number"]:
            assert row["document_number"].startswith(abbreviations[row["department"]] + "发〔"), row
        assert ("政策解读" in row["title"]) == (row["genre"] == "interpretation")
        assert ("资金分配" in row["title"]) == (row["genre"] == "finance")


class DemoDataTests(TestCase):
    """The whole demo, loaded once for the class inside its transaction (rolled back afterwards)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())

    def test_demo_items_are_filed_with_their_publisher_and_genre(self):
        items = list(Publication.objects.filter(source="import").select_related("department", "genre", "category"))
        assert len(items) >= 300
        for p in items:
            if p.genre.code == "village_affairs":
                village = p.department.name.removesuffix("村民委员会").removesuffix("居民委员会")
                assert p.title.startswith(village), p.title
                assert p.category.code == "village_affairs"
            elif p.genre.code != "annual_report" and not p.title.startswith("《"):
                # a department names itself in its own titles, never another department
                named = re.match(r"^(随县\S+?(?:局|办公室|分局)|\S+?镇人民政府)", p.title)
                if named:
                    assert named.group(1) == p.department.name, (p.title, p.department.name)
            assert p.department.name in p.body or p.genre.code in ("village_affairs", "interpretation", "finance",
                                                                   "statistics", "annual_report"), p.title

    def test_annual_reports_state_the_computed_table_3(self):
        """Every annual report of the demo carries table 3 exactly as the disclosure-request statistics compute it,
        and its summary sentence uses the same figures."""
        from sunshine.core.statistics import provider

        _, year = demo_years()
        reports = list(Publication.objects.filter(import_run__file_name=ANNUAL_FILE).select_related("department"))
        assert len(reports) >= 10
        stats = provider("disclosure_requests")
        county_wide = [p for p in reports if p.title.startswith("随县人民政府")]
        assert len(county_wide) == 1 and county_wide[0].department.code == "zfb"
        for p in reports:
            assert p.genre.code == "annual_report" and p.title.endswith(f"{year}年政府信息公开工作年度报告")
            whole = p in county_wide
            table = stats.annual_request_table(year=year, department_ids=None if whole else [p.department_id])
            shown = tables.parse_table_text(p.display_table_text)
            codes = [code for code, _label in table.columns]
            assert shown.header == ["项目", *(label for _code, label in table.columns)]
            assert len(shown.rows) == len(table.rows)
            for cells, row in zip(shown.rows, table.rows, strict=True):
                assert cells[0] == row.label
                if row.kind != "heading":
                    assert [int(c) for c in cells[1:]] == [row.values[c] for c in codes], (p.title, row.key)
            if table.value("received"):
                assert f"本年新收政府信息公开申请{table.value('received')}件" in p.body
                assert f"结转下年度继续办理{table.value('carried_over')}件" in p.body
        assert county_wide[0].display_table_text and stats.annual_request_table(year=year).value("received") > 0

    def test_every_department_and_town_has_a_guide_page(self):
        from sunshine.orgs.models import Department

        departments = list(Department.objects.filter(is_active=True, division__level__in=["county", "town"]))
        assert len(departments) > 30
        for department in departments:
            response = self.client.get(reverse("publications:guide-department", args=[department.code]))
            assert response.status_code == 200, department.code
            assert department.name in response.content.decode()

    def test_demo_notifications_are_spread_over_the_demo_period(self):
        """Each demo request's notices fall between its receipt and its reply (or today), in office hours."""
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        from sunshine.notify.models import Notification

        related = Notification.objects.exclude(related_type=None)
        assert len({n.created_at.date() for n in related}) > 20  # not all at load time
        kind = ContentType.objects.get(app_label="disclosure_requests", model="disclosurerequest")
        # the disclosure demo's own requests (a hotline ticket converted at load time is registered "now")
        requests = {str(r.pk): r for r in kind.model_class().objects.filter(idempotency_key__startswith="demo:")}
        today = timezone.localdate()
        checked = 0
        for n in related.filter(related_type=kind, related_id__in=list(requests)):
            req = requests[n.related_id]
            local = timezone.localtime(n.created_at)
            assert req.received_on <= local.date() <= (req.decided_on or today), (n.pk, local, req.received_on)
            assert 9 <= local.hour < 17, local
            assert n.sent_at is None or n.sent_at >= n.created_at
            checked += 1
        assert checked > 30
