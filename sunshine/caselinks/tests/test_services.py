"""Case links (案件关联): recorded once, read from both ends with the label of each end, audited on both cases.

The kernel knows no domain app: two kernel models stand in for cases of two apps (a department and a division)."""

from __future__ import annotations

import pytest

from sunshine.audit.services import events_for
from sunshine.caselinks.models import CaseLink
from sunshine.caselinks.services import link_cases, links_of
from sunshine.core.errors import DomainError


@pytest.fixture
def cases(departments, county):
    return departments["fgw"], departments["zjj"], county


def test_a_link_is_seen_from_both_ends_with_its_labels_and_audited_on_both(cases, clerk):
    hotline_case, disclosure_case, _ = cases
    link = link_cases(hotline_case, disclosure_case, CaseLink.Kind.CONVERTED_TO, actor=clerk,
                      reason="来信实为政府信息公开申请")

    [seen_from_source] = links_of(hotline_case)
    assert seen_from_source.outgoing is True and seen_from_source.label == "转为"
    assert seen_from_source.other_key == f"orgs.department:{disclosure_case.pk}"
    assert seen_from_source.phrase("YSQ2026-ABCD2345") == "转为 YSQ2026-ABCD2345"
    [seen_from_target] = links_of(disclosure_case)
    assert seen_from_target.outgoing is False and seen_from_target.label == "由…转换而来"
    assert seen_from_target.other_key == f"orgs.department:{hotline_case.pk}"
    assert seen_from_target.phrase("RX2026-ABCD2345") == "由 RX2026-ABCD2345 转换而来"
    assert seen_from_source.link == seen_from_target.link == link

    [on_source] = events_for(hotline_case)
    assert on_source.action == "caselinks.converted_to" and on_source.action_label == "转为其他案件"
    assert on_source.actor == clerk and on_source.reason == "来信实为政府信息公开申请"
    assert on_source.after == {"link": link.pk, "kind": "converted_to", "label": "转为",
                               "to": f"orgs.department:{disclosure_case.pk}"}
    assert on_source.department == clerk.department  # a case without a department: the actor's
    [on_target] = events_for(disclosure_case)
    assert on_target.action == "caselinks.converted_to.inverse" and on_target.action_label == "由其他案件转换而来"
    assert on_target.after == {"link": link.pk, "kind": "converted_to", "label": "由…转换而来",
                               "from": f"orgs.department:{hotline_case.pk}"}


@pytest.mark.parametrize(("kind", "outgoing", "incoming"), [
    ("merged_into", "并入", "合并了"), ("converted_to", "转为", "由…转换而来"),
    ("split_from", "拆分自", "拆分出"), ("forwarded_to", "转至", "由…转来")])
def test_every_kind_has_its_label_at_each_end(cases, clerk, kind, outgoing, incoming):
    a, b, _ = cases
    link_cases(a, b, kind, actor=clerk)
    assert [v.label for v in links_of(a)] == [outgoing]
    assert [v.label for v in links_of(b)] == [incoming]
    assert [e.action for e in events_for(a)] == [f"caselinks.{kind}"]
    assert [e.action for e in events_for(b)] == [f"caselinks.{kind}.inverse"]


def test_links_of_reads_both_directions_across_apps_in_one_query(cases, clerk, django_assert_num_queries):
    a, b, division = cases
    link_cases(a, b, "merged_into", actor=clerk)
    link_cases(division, a, "forwarded_to", actor=clerk)
    link_cases(a, division, "split_from", actor=None)
    with django_assert_num_queries(1):
        views = links_of(a)
    assert [(v.label, v.other_key) for v in views] == [
        ("并入", f"orgs.department:{b.pk}"), ("由…转来", f"orgs.division:{division.pk}"),
        ("拆分自", f"orgs.division:{division.pk}")]
    assert [v.label for v in links_of(division)] == ["转至", "拆分出"]
    assert links_of(b)[0].link.actor == clerk


def test_the_same_link_twice_is_recorded_once(cases, clerk):
    a, b, _ = cases
    first = link_cases(a, b, "forwarded_to", actor=clerk)
    assert link_cases(a, b, "forwarded_to", actor=clerk) == first
    assert CaseLink.objects.count() == 1 and len(events_for(a)) == 1 and len(events_for(b)) == 1
    link_cases(b, a, "forwarded_to", actor=clerk)  # forwarded back: allowed, another link
    assert CaseLink.objects.count() == 2


def test_refused_links(cases, clerk):
    a, b, _ = cases
    with pytest.raises(DomainError, match="不能与自身关联"):
        link_cases(a, a, "merged_into", actor=clerk)
    with pytest.raises(DomainError, match="未知的案件关联方式"):
        link_cases(a, b, "linked", actor=clerk)
    link_cases(a, b, "merged_into", actor=clerk)
    with pytest.raises(DomainError, match="两件案件不能互相“并入”"):
        link_cases(b, a, "merged_into", actor=clerk)
    from sunshine.orgs.models import Department

    with pytest.raises(DomainError, match="尚未保存"):
        link_cases(a, Department(code="x", name="x", division=a.division), "merged_into", actor=clerk)
    assert CaseLink.objects.count() == 1 and len(events_for(b)) == 1


def test_each_event_belongs_to_the_department_of_its_case(make_staff, departments):
    """Stand-ins with a `department` (staff accounts): the target's event is its own department's, not the actor's."""
    source, target = make_staff("case_a", department="fgw"), make_staff("case_b", department="zjj")
    actor = make_staff("desk", department="gkb")
    link_cases(source, target, "forwarded_to", actor=actor)
    assert [e.department for e in events_for(source)] == [departments["fgw"]]
    assert [e.department for e in events_for(target)] == [departments["zjj"]]
