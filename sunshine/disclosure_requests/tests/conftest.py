"""Fixtures of the disclosure-request tests: the county government office `zfb` (default agency) and applications."""

from __future__ import annotations

import datetime as dt

import pytest

RESIDENT_ID = "11010519491231002X"
CREDIT_CODE = "91110000600037341L"


def application(**overrides) -> dict:
    data = {
        "applicant_name": "张三",
        "applicant_type": "natural_person",
        "id_number": RESIDENT_ID,
        "phone": "13800138000",
        "address": "随县厉山镇神农大道1号",
        "email": "",
        "description": "请提供随政办发〔2024〕12号文件全文",
        "form": "electronic",
        "delivery": "online",
    }
    data.update(overrides)
    return data


@pytest.fixture
def zfb(county):
    from sunshine.orgs.models import Department

    return Department.objects.create(code="zfb", name="随县人民政府办公室", short_name="县政府办", division=county)


@pytest.fixture
def submit(departments, zfb):
    """Submit an application to the clerk's department (fgw) with a given receipt date."""
    from sunshine.disclosure_requests import services

    def _submit(*, received_on: dt.date | None = None, department=None, channel="in_person", **overrides):
        from django.utils import timezone

        submitted_at = None
        if received_on is not None:
            submitted_at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(9, 0)))
        return services.request_submit(data=application(**overrides), department=department or departments["fgw"],
                                       channel=channel, received_on=received_on, submitted_at=submitted_at)

    return _submit


@pytest.fixture
def reviewer(make_staff):
    """The department's reviewer (审核人, fgw): signs off the replies of fgw (签发)."""
    return make_staff("reviewer_fgw", department="fgw", role="审核人", real_name="刘审核")


@pytest.fixture
def sign_off(reviewer):
    """Sign off (签发) the drafted reply of a request as the department's reviewer, on `on` (default today)."""
    from sunshine.disclosure_requests import services

    def _sign_off(req, *, on=None, actor=None):
        return services.request_sign_off(request=req, actor=actor or reviewer, on=on)

    return _sign_off
