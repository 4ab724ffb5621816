"""Fixtures of the government-services tests: a licensing item of 发改局 (fgw) with its guide version, the central
desk (gkb), a window clerk of fgw and of zjj, the office head."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def window(departments):
    from sunshine.orgs.models import Window

    return Window.objects.create(number="12", name="发改窗口", department=departments["fgw"],
                                 division=departments["fgw"].division)


@pytest.fixture
def make_item(departments, window):
    from sunshine.gov_services.models import Material, ServiceItem, ServiceItemVersion

    def _make(code="fgw-001", name="企业投资项目核准", *, department="fgw", statutory=20, promised=10,
              on_the_spot=False, special=None, steps=None, fields=None):
        item = ServiceItem.objects.create(code=code, name=name, item_type="licensing",
                                          department=departments[department],
                                          window=window if department == "fgw" else None)
        version = ServiceItemVersion.objects.create(
            item=item, version=1, status="published", published_on=dt.date(2026, 1, 5),
            legal_basis="《企业投资项目核准和备案管理条例》",
            statutory_limit_days=statutory, promised_limit_days=promised, on_the_spot=on_the_spot,
            special_procedures=special if special is not None else [
                {"name": "专家评审", "limit_days": 10, "counted": False, "basis": "行政许可法第四十五条"},
                {"name": "公示", "limit_days": 5, "counted": True, "basis": ""}],
            steps=steps if steps is not None else [
                {"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 5},
                {"code": "decide", "name": "决定", "role": "审核人", "limit_days": 3},
                {"code": "certify", "name": "制证", "role": "窗口人员", "limit_days": 2},
                {"code": "deliver", "name": "送达", "role": "窗口人员", "limit_days": 1}],
            form_fields=fields if fields is not None else [
                {"name": "project_name", "label": "项目名称", "type": "text", "required": True,
                 "help": "与立项文件一致"},
                {"name": "investment", "label": "总投资（万元）", "type": "integer", "required": True, "help": ""},
                {"name": "start_date", "label": "计划开工日期", "type": "date", "required": False, "help": ""}])
        Material.objects.create(version=version, position=1, name="项目申请报告", form="original", copies=2)
        Material.objects.create(version=version, position=2, name="营业执照", form="copy", copies=1)
        Material.objects.create(version=version, position=3, name="节能审查意见", form="electronic", required=False,
                                deferrable=True)
        item.current_version = version
        item.save(update_fields=["current_version"])
        return item

    return _make


@pytest.fixture
def item(make_item):
    return make_item()


@pytest.fixture
def desk(make_staff):
    return make_staff("desk", department="gkb", role="集中受理台", real_name="孙受理")


@pytest.fixture
def window_clerk(make_staff):
    return make_staff("window_fgw", department="fgw", role="窗口人员", real_name="周窗口")


@pytest.fixture
def zjj_clerk(make_staff):
    return make_staff("window_zjj", department="zjj", role="窗口人员", real_name="吴窗口")


@pytest.fixture
def head(make_staff):
    return make_staff("head_fgw", department="fgw", role="政务公开办负责人", real_name="郑局长")


APPLICANT = {"applicant_name": "张三丰", "applicant_id_type": "resident_id",
             "applicant_id_number": "11010519491231002X", "applicant_phone": "13812345678",
             "form": {"project_name": "随县光伏发电项目", "investment": "1200"}}


@pytest.fixture
def submit(item, desk, request):
    from sunshine.gov_services import services

    def _submit(*, on=dt.date(2026, 9, 21), the_item=None, key=None, channel="hall", uploads=None, **data):
        citizen = request.getfixturevalue("citizen") if channel == "online" else None  # real-name verified
        return services.application_submit(item=the_item or item, data={**APPLICANT, **data}, channel=channel,
                                           registered_by=desk if channel == "hall" else None, received_on=on,
                                           citizen=citizen, idempotency_key=key, uploads=uploads).application

    return _submit


@pytest.fixture
def make_citizen(db):
    from sunshine.accounts.models import User

    def _make(phone: str, **extra):
        return User.objects.create_user(username=phone, password="pass-1234-word", kind=User.Kind.CITIZEN,
                                        real_name=extra.pop("real_name", "李四"), phone=phone, **extra)

    return _make


@pytest.fixture
def citizen(db):
    """The citizen account 张三, real-name verified (实名认证) for online applications."""
    from sunshine.accounts.models import User
    from sunshine.gov_services import realname

    user = User.objects.create_user(username="13800138000", password="pass-1234-word", kind=User.Kind.CITIZEN,
                                    real_name="张三", phone="13800138000")
    realname.mark_verified(user, real_name="张三", id_type="resident_id", id_number="11010519491231002X")
    return user
