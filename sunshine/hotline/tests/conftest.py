"""Fixtures of the hotline tests: the 县长信箱, a catalogue matter, a town, the hotline office and two departments'
clerks (from the root conftest: fgw 发改局, zjj 住建局, gkb 政府办)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.fixture
def mailbox(db):
    from sunshine.hotline.models import Mailbox

    return Mailbox.objects.create(code="xzxx", name="县长信箱", kind=Mailbox.Kind.MAGISTRATE)


@pytest.fixture
def town(county):
    from sunshine.orgs.models import Department, Division

    town = Division.objects.create(code="421321100", name="厉山镇", level=Division.Level.TOWN, parent=county)
    village = Division.objects.create(code="421321100201", name="厉山镇烈山村", level=Division.Level.VILLAGE,
                                      parent=town)
    Department.objects.create(code="town-421321100", name="厉山镇人民政府", short_name="厉山镇", division=town)
    return village


@pytest.fixture
def matter(departments):
    from sunshine.hotline.models import Matter

    return Matter.objects.create(code="street-light", name="路灯维修", lead_department=departments["zjj"],
                                 keywords="路灯,照明", examples="小区门口路灯不亮")


@pytest.fixture
def operator(make_staff):
    return make_staff("operator", department="gkb", role="话务员", real_name="吴话务")


@pytest.fixture
def head(make_staff):
    return make_staff("hotline_head", department="gkb", role="政务公开办负责人", real_name="赵主任")


@pytest.fixture
def submit(mailbox):
    from sunshine.hotline import services

    def _submit(*, kind="complaint", urgency="normal", name="张三丰", phone="13812345678", when=None, **extra):
        data = {"kind": kind, "urgency": urgency, "title": extra.pop("title", "小区门口路灯不亮"),
                "content": extra.pop("content", "厉山镇神农社区门口的路灯已经坏了一个多星期，晚上出行很不安全。"),
                "caller_name": name, "caller_phone": phone, "consent_publish": extra.pop("consent", True)}
        return services.ticket_submit(data=data, mailbox=extra.pop("box", mailbox), channel="web",
                                      at=when or at(2026, 9, 21, 9), **extra).ticket

    return _submit
