"""Demo data of government services: county items of the demo county's hall (modelled on seeds 002 and 003, with
today's names and laws) and cases in several states. Idempotent (items by code; cases only once)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

HOURS = "周一至周五 上午8:30-12:00，下午14:30-17:30（法定节假日除外）"
PLACE = "随县政务服务中心一楼"
STEPS = [{"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 3},
         {"code": "decide", "name": "决定", "role": "审核人", "limit_days": 2},
         {"code": "certify", "name": "制证", "role": "窗口人员", "limit_days": 1},
         {"code": "deliver", "name": "送达", "role": "窗口人员", "limit_days": 1}]
EXPERT = {"name": "专家评审", "limit_days": 10, "counted": False, "basis": "《中华人民共和国行政许可法》第四十五条"}
SURVEY = {"name": "现场勘验", "limit_days": 5, "counted": True, "basis": "计入办理时限"}
COMPANY_FORM = [
    {"name": "company_name", "label": "企业名称", "type": "text", "required": True, "help": "已自主申报的名称"},
    {"name": "company_type", "label": "企业类型", "type": "choice", "required": True, "help": "",
     "options": ["有限责任公司", "股份有限公司", "个人独资企业", "合伙企业"]},
    {"name": "capital", "label": "注册资本（万元）", "type": "integer", "required": True, "help": ""},
    {"name": "address", "label": "住所", "type": "text", "required": True, "help": "与住所使用证明一致"}]
PROJECT_FORM = [
    {"name": "project_name", "label": "项目名称", "type": "text", "required": True, "help": "与立项文件一致"},
    {"name": "location", "label": "建设地点", "type": "text", "required": True, "help": ""},
    {"name": "investment", "label": "总投资（万元）", "type": "integer", "required": True, "help": ""},
    {"name": "start_date", "label": "计划开工日期", "type": "date", "required": False, "help": ""}]
PERSON_FORM = [{"name": "address", "label": "户籍地址", "type": "text", "required": True, "help": ""},
               {"name": "note", "label": "其他说明", "type": "textarea", "required": False, "help": ""}]

# code, name, type, department, window, legal basis, statutory, promised, on the spot, statutory basis,
# special procedures, form, materials [(name, form, copies, required, deferrable)], fee standard, visits
ITEMS = [
    ("scjgj-001", "营业执照核发（公司设立登记）", "licensing", "scjgj", "1",
     "《中华人民共和国公司法》；《中华人民共和国市场主体登记管理条例》第十九条", 3, 1, False,
     "《中华人民共和国市场主体登记管理条例》第十九条", [], COMPANY_FORM,
     [("公司登记（备案）申请书", "original", 1, True, False), ("公司章程", "original", 1, True, False),
      ("股东主体资格证明或自然人身份证件", "copy", 1, True, False),
      ("法定代表人、董事、监事和经理的任职文件", "original", 1, True, False),
      ("住所使用相关文件", "copy", 1, True, True)], "不收费", 0),
    ("scjgj-002", "公司变更登记", "licensing", "scjgj", "1",
     "《中华人民共和国市场主体登记管理条例》第二十四条", 3, 1, False,
     "《中华人民共和国市场主体登记管理条例》第十九条", [], COMPANY_FORM,
     [("公司变更登记申请书", "original", 1, True, False), ("变更决议或决定", "original", 1, True, False),
      ("营业执照正、副本", "original", 1, True, False)], "不收费", 0),
    ("scjgj-003", "食品经营许可", "licensing", "scjgj", "2",
     "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》", 10, 5, False,
     "《食品经营许可和备案管理办法》", [SURVEY], COMPANY_FORM,
     [("食品经营许可申请书", "original", 1, True, False), ("营业执照", "copy", 1, True, False),
      ("与食品经营相适应的主要设备设施、经营布局说明", "original", 1, True, False),
      ("食品安全自查、从业人员健康管理等制度", "original", 1, False, True)], "不收费", 1),
    ("zjj-001", "建筑工程施工许可证核发", "licensing", "zjj", "5",
     "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》", 7, 3, False,
     "《中华人民共和国建筑法》第八条", [], PROJECT_FORM,
     [("建筑工程施工许可申请表", "original", 1, True, False), ("建设工程规划许可证", "copy", 1, True, False),
      ("中标通知书或直接发包批准手续", "copy", 1, True, False), ("施工图设计文件审查合格书", "copy", 1, True, True),
      ("建设资金已经落实承诺书", "original", 1, True, False)], "不收费", 1),
    ("slj-001", "河道采砂许可", "licensing", "slj", "",
     "《中华人民共和国水法》第三十九条；《中华人民共和国河道管理条例》第二十五条；《湖北省河道采砂管理条例》", 20, 15,
     False, "《中华人民共和国行政许可法》第四十二条", [EXPERT, SURVEY], PROJECT_FORM,
     [("河道采砂申请书", "original", 1, True, False),
      ("采砂作业方式和采砂船舶（机具）情况说明", "original", 1, True, False),
      ("营业执照或身份证明", "copy", 1, True, False)], "按《湖北省河道采砂管理条例》规定的标准", 2),
    ("zrzyj-001", "不动产登记（国有建设用地使用权首次登记）", "confirmation", "zrzyj", "6",
     "《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第二十条", 30, 5, False,
     "《不动产登记暂行条例》第二十条", [], PROJECT_FORM,
     [("不动产登记申请书", "original", 1, True, False), ("申请人身份证明", "copy", 1, True, False),
      ("土地出让合同及价款缴清凭证", "copy", 1, True, False), ("不动产权籍调查成果", "original", 1, True, False)],
     "按《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》", 1),
    ("mzj-001", "社会团体成立登记", "licensing", "mzj", "11",
     "《社会团体登记管理条例》第九条、第十二条", 60, 20, False, "《社会团体登记管理条例》第十二条", [EXPERT],
     PERSON_FORM,
     [("成立登记申请书", "original", 1, True, False), ("业务主管单位批准文件", "original", 1, True, False),
      ("验资报告、场所使用权证明", "copy", 1, True, False), ("章程草案", "original", 1, True, False)], "不收费", 1),
    ("mzj-002", "内地居民婚姻登记（结婚登记）", "confirmation", "mzj", "11",
     "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第七条", 0, 0, True, "《婚姻登记条例》第七条", [],
     PERSON_FORM,
     [("本人的居民身份证", "original", 1, True, False),
      ("本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明", "original", 1, True, False),
      ("近期半身免冠合影照片", "original", 3, True, False)], "不收费", 1),
    ("lyj-001", "临时使用林地审批", "licensing", "lyj", "",
     "《中华人民共和国森林法》第三十八条；《中华人民共和国森林法实施条例》", 20, 15, False,
     "《中华人民共和国行政许可法》第四十二条", [SURVEY], PROJECT_FORM,
     [("使用林地申请表", "original", 1, True, False), ("用地单位的资质证明或个人身份证明", "copy", 1, True, False),
      ("林地现状调查表", "original", 1, True, False), ("恢复植被和林业生产条件的方案", "original", 1, True, True)],
     "森林植被恢复费按《湖北省森林植被恢复费征收使用管理办法》", 1),
    ("fgj-001", "企业投资项目核准", "licensing", "fgj", "7",
     "《企业投资项目核准和备案管理条例》第十条；《政府核准的投资项目目录（湖北省）》", 20, 10, False,
     "《企业投资项目核准和备案管理条例》第十条", [EXPERT], PROJECT_FORM,
     [("项目申请报告", "original", 2, True, False), ("城乡规划行政主管部门出具的选址意见书", "copy", 1, True, False),
      ("用地预审意见", "copy", 1, True, False), ("节能审查意见", "electronic", 1, False, True)], "不收费", 1),
    ("ybj-001", "城乡居民基本医疗保险参保登记", "public_service", "ybj", "4",
     "《中华人民共和国社会保险法》第二十五条", 0, 0, True, "当场办结", [], PERSON_FORM,
     [("居民身份证或户口簿", "original", 1, True, False)], "不收费", 0),
    ("nyj-001", "耕地地力保护补贴发放", "benefit", "nyj", "",
     "《财政部 农业农村部关于实施农业相关转移支付的通知》；湖北省耕地地力保护补贴实施方案", 20, 15, False,
     "湖北省耕地地力保护补贴实施方案", [], PERSON_FORM,
     [("补贴申请表", "original", 1, True, False), ("承包土地确权证明", "copy", 1, True, False),
      ("“一卡通”账户信息", "copy", 1, True, False)], "不收费", 0),
]


def _items(rows=None):
    from sunshine.orgs.models import Department, Window

    from .models import Material, ServiceItem, ServiceItemVersion

    rows = ITEMS if rows is None else rows
    depts = {d.code: d for d in Department.objects.filter(code__in={row[3] for row in rows})}
    existing = set(ServiceItem.objects.filter(code__in=[row[0] for row in rows]).values_list("code", flat=True))
    made = 0
    for (code, name, item_type, dept, window_no, basis, statutory, promised, spot, statutory_basis, special, form,
         materials, fee, visits) in rows:
        department = depts.get(dept)
        if department is None or code in existing:
            continue
        town = dept.startswith("town-")
        window = (Window.objects.filter(division=department.division, number=window_no).first()
                  if window_no else None)
        item = ServiceItem.objects.create(code=code, name=name, item_type=item_type, department=department,
                                          window=window)
        version = ServiceItemVersion.objects.create(
            item=item, version=1, status="published", published_on=dt.date(2026, 3, 1), legal_basis=basis,
            acceptance_conditions="申请材料齐全、符合法定形式", statutory_limit_days=statutory,
            promised_limit_days=promised, on_the_spot=spot, statutory_limit_basis=statutory_basis,
            special_procedures=special, steps=[] if spot else STEPS, form_fields=form, fee_standard=fee,
            fee_basis="" if fee == "不收费" else fee,
            place=(f"{department.short_name}便民服务中心" if town else
                   PLACE + (f"{window_no}号窗口" if window_no else "")),
            hours=HOURS, phone="0722-4866123", complaint_phone="12345", visits=visits,
            online_depth="全程网办" if visits == 0 else "网上预审、最多跑一次",
            process_description=("申请 → 便民服务中心受理 → 审查 → 决定 → 送达 → 办结" if town else
                                 "申请 → 集中受理台登记 → 窗口受理 → 审查 → 决定 → 制证 → 送达 → 办结"))
        for i, (m_name, m_form, copies, required, deferrable) in enumerate(materials, 1):
            Material.objects.create(version=version, position=i, name=m_name, form=m_form, copies=copies,
                                    required=required, deferrable=deferrable)
        item.current_version = version
        item.save(update_fields=["current_version"])
        made += 1
    return made


PERSON = {"applicant_id_type": "resident_id", "applicant_phone": "13800138000"}
COMPANY = {"company_name": "随县神农农业科技有限公司", "company_type": "有限责任公司", "capital": "200",
           "address": "随县厉山镇神农大道18号"}
PROJECT = {"project_name": "随县厉山镇农产品冷链物流中心", "location": "随县厉山镇", "investment": "3500"}


@transaction.atomic
def _cases(stdout) -> int:
    from sunshine.accounts.models import User

    from . import services
    from .models import Application, ServiceItem

    if Application.objects.exists():
        return 0
    desk = User.objects.filter(username="desk").first()
    window = User.objects.filter(username="window").first()
    head = User.objects.filter(username="officehead").first()
    citizen = User.objects.filter(username="13800138000").first()
    if not (desk and window):
        return 0
    items = {i.code: i for i in ServiceItem.objects.select_related("current_version")}
    made = []

    def new(code, name, id_number, form, on, *, channel="hall"):
        sub = services.application_submit(
            item=items[code], data={**PERSON, "applicant_name": name, "applicant_id_number": id_number,
                                    "form": form}, channel=channel, received_on=on,
            citizen=citizen if channel == "online" else None, registered_by=desk if channel == "hall" else None)
        # the demo's history: entered the day it was received (else every decision would look 体外循环)
        moment = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
        Application.objects.filter(pk=sub.application.pk).update(created_at=moment)
        sub.application.created_at = moment
        made.append(sub.application)
        return sub.application

    d = dt.date
    # 营业执照: registered online, waiting for the desk
    new("scjgj-001", "张三", "11010519491231002X", COMPANY, d(2026, 12, 2), channel="online")
    # 公司变更: dispatched, waiting for the window
    a = new("scjgj-002", "李明", "421321199001011237", COMPANY, d(2026, 12, 1))
    services.application_dispatch(a, actor=desk)
    # 食品经营许可: one-time notice, waiting for materials
    a = new("scjgj-003", "王芳", "421321198505052345", COMPANY, d(2026, 11, 30))
    a = services.application_dispatch(a, actor=desk)
    services.application_notify_missing(a, actor=window, missing=["食品安全自查、从业人员健康管理等制度",
                                                                   "营业执照复印件（加盖公章）"], on=d(2026, 12, 1))
    # 营业执照: accepted, in review
    a = new("scjgj-001", "赵强", "421321197803033455", COMPANY, d(2026, 11, 26))
    a = services.application_dispatch(a, actor=desk)
    services.application_accept(a, actor=window, on=d(2026, 11, 27))
    # 公司变更: granted, certificate issued, delivered, completed
    a = new("scjgj-002", "孙丽", "421321199212124565", COMPANY, d(2026, 11, 16))
    a = services.application_dispatch(a, actor=desk)
    a = services.application_accept(a, actor=window, on=d(2026, 11, 16))
    a = services.application_complete_review(a, actor=window, on=d(2026, 11, 17))
    a = services.application_decide(a, actor=window, decision="granted", on=d(2026, 11, 17))
    a = services.application_issue_certificate(a, actor=window, number="91421321MA4XXXXX1K", on=d(2026, 11, 18))
    a = services.application_deliver(a, actor=window, on=d(2026, 11, 18))
    services.application_complete(a, actor=desk, on=d(2026, 11, 18))
    # 食品经营许可: refused with reasons
    a = new("scjgj-003", "周杰", "421321198808085670", COMPANY, d(2026, 11, 20))
    a = services.application_dispatch(a, actor=desk)
    services.application_refuse(a, actor=window, reasons="申请经营的场所位于居民住宅内，不属于食品经营许可的受理范围。",
                                on=d(2026, 11, 20))
    # 食品经营许可: decision refused (不予许可), returned to the desk
    a = new("scjgj-003", "吴敏", "421321199505056789", COMPANY, d(2026, 11, 10))
    a = services.application_dispatch(a, actor=desk)
    a = services.application_accept(a, actor=window, on=d(2026, 11, 10))
    a = services.application_complete_review(a, actor=window, on=d(2026, 11, 12))
    a = services.application_decide(a, actor=window, decision="denied", on=d(2026, 11, 13),
                                    reasons="现场核查发现经营场所与污染源距离不足，不符合食品安全要求。")
    services.application_deliver(a, actor=window, on=d(2026, 11, 16))
    # 营业执照: no notice within 5 working days → accepted on the day of receipt (flagged)
    a = new("scjgj-001", "郑华", "421321198101017893", COMPANY, d(2026, 11, 18))
    services.application_dispatch(a, actor=desk)
    services.accept_late_notices(today=d(2026, 11, 26))
    # 食品经营许可: special procedure (现场核查 counts) in the decision step, extended
    a = new("scjgj-003", "冯涛", "421321199303038902", COMPANY, d(2026, 11, 23))
    a = services.application_dispatch(a, actor=desk)
    a = services.application_accept(a, actor=window, on=d(2026, 11, 23))
    a = services.application_complete_review(a, actor=window, on=d(2026, 11, 25))
    a = services.application_start_special(a, actor=window, procedure="检验", days=5, on=d(2026, 11, 26))
    if head is not None and head.has_perm("gov_services.approve_extension"):
        services.application_extend(a, actor=head, reason="检验机构排期", days=5)
    return len(made)


def _real_name() -> None:
    """The demo citizen 张三 (13800138000) verified his identity for online applications (实名认证)."""
    from sunshine.accounts.models import User

    from . import realname

    citizen = User.objects.filter(username="13800138000", kind="citizen").first()
    if citizen is not None and not realname.is_real_name(citizen):
        realname.mark_verified(citizen, real_name=citizen.real_name or "张三", id_type="resident_id",
                               id_number="11010519491231002X")


def load_demo(stdout=None) -> None:
    _real_name()
    items = _items()
    cases = _cases(stdout)
    if stdout is not None:
        stdout.write(f"gov_services: {items} 个事项、{cases} 件办件")
