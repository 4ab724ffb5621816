"""Demo data of the hotline (演示数据): the mailboxes, the dispatch catalogue (`demo_catalogue.py`, about a hundred
matters), three dozen hand-written tickets of 随县 in every state, brought there by the services (clocks, audit,
notifications), dated over the last months; then a year of generated history (`demo_history.py`) and the department
suggester trained on it (offline, `suggester.train`).

Idempotent: each demo ticket carries the idempotency key "demo:<n>" and is skipped when it exists. Needs the orgs
and accounts demo (the operator `hotline`, `clerk` of 发改局, `clerk2` of 住建局, `officehead`); tickets that go
further than 待签收 are led by those two departments, whose demo clerks act on them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import demo_history, selectors, services, suggester
from .demo_catalogue import MATTERS as CATALOGUE
from .models import Mailbox, Matter, SuggesterModel, Ticket

MAILBOXES = [
    ("12345", "12345政务服务便民热线", Mailbox.Kind.HOTLINE, "", 10,
     "7×24小时受理咨询、求助、投诉、举报和建议。"),
    ("sjxx", "县委书记信箱", Mailbox.Kind.SECRETARY, "", 20, "县委书记信箱，来信由县12345热线办统一受理、派单、督办。"),
    ("xzxx", "县长信箱", Mailbox.Kind.MAGISTRATE, "", 30, "县长信箱，来信由县12345热线办统一受理、派单、督办。"),
    ("zjj", "住建局局长信箱", Mailbox.Kind.DEPARTMENT, "zjj", 40, "住房保障、物业管理、城市照明、燃气供水等。"),
    ("rsj", "人社局局长信箱", Mailbox.Kind.DEPARTMENT, "rsj", 50, "就业、社保、劳动保障监察。"),
]

# (code, name, lead department, town handles, keywords, example phrases): the catalogue of `demo_catalogue.py`
MATTERS = [(code, name, lead, towns, keywords, "\n".join(phrases[:4]))
           for code, name, lead, towns, keywords, phrases in CATALOGUE]

H, D_ = dt.timedelta(hours=1), dt.timedelta(days=1)

# (kind, mailbox, title, content, name, phone, town index or None, matter, state, lead, consent, urgent, days ago)
TICKETS = [
    ("complaint", "xzxx", "神农社区门口路灯不亮",
     "厉山镇神农社区门口的三盏路灯坏了一个多星期"
     "，晚上老人孩子出行很不安全，希望尽快修复。",
     "张三丰", "13812345678", 0, "street-light", "closed", "zjj", True, False, 75),
    ("help", "12345", "家里停水三天",
     "我家住县城季梁大道某小区，已经连续三天没"
     "有自来水了，物业说是管网问题，请帮忙协调。",
     "李秀英", "13971110001", None, "gas-water", "closed", "zjj", True, False, 60),
    ("complaint", "zjj", "物业不修电梯", "小区5栋电梯坏了半个月，物业一直推说没有配件，老人上下楼非常困难。",
     "王建国", "13971110002", None, "property", "closed", "zjj", True, False, 45),
    ("suggestion", "xzxx", "建议增设县医院公交站",
     "县人民医院门口没有公交站，看病的老人"
     "要走很远，建议在医院门口增设一个站点。",
     "赵敏", "13971110003", None, None, "closed", "fgj", True, False, 40),
    ("complaint", "12345", "停车场收费过高",
     "县城步行街附近停车场每小时收费10元，"
     "明显高于其他地方，请核查收费是否合规。",
     "孙立", "13971110004", None, "price", "closed", "fgj", False, False, 35),
    ("consult", "12345", "公租房申请条件", "想问一下随县公租房申请需要什么条件，在哪里办理，要准备哪些材料？",
     "", "", None, "housing", "closed_directly", "", False, False, 30),
    ("complaint", "sjxx", "燃气管道异味", "小区燃气管道附近经常有异味，担心漏气，请有关部门检查。",
     "周强", "13971110005", None, "gas-water", "reopened_closed", "zjj", True, False, 50),
    ("complaint", "xzxx", "小区垃圾清运不及时", "我们小区垃圾三四天才清运一次，夏天气味很大，希望增加清运次数。",
     "吴芳", "13971110006", None, "property", "callback", "zjj", True, False, 12),
    ("help", "12345", "楼道灯坏了", "单元楼道灯坏了很久，物业说归路灯所管，请明确由谁负责维修。",
     "郑军", "13971110007", None, "street-light", "callback", "zjj", True, False, 10),
    ("complaint", "12345", "菜市场摊位费上涨", "城关菜市场摊位费一年涨了两次，摊主负担很重，请核查定价依据。",
     "冯雪", "13971110008", None, "price", "reply_review", "fgj", True, False, 8),
    ("complaint", "xzxx", "新建小区停车位只售不租", "开发商车位只卖不租，价格很高，业主意见很大，请相关部门规范。",
     "陈晨", "13971110009", None, "property", "reply_review", "zjj", True, False, 7),
    ("help", "zjj", "保障房分配进度", "去年申请的保障性住房，到现在还没有分配结果，想了解进度。",
     "褚卫", "13971110010", None, "housing", "handling", "zjj", False, False, 5),
    ("complaint", "12345", "燃气费突然上涨", "这个月燃气费比上月高了一倍，用量没有变化，请核查计价是否有误。",
     "卫东", "13971110011", None, "energy", "handling", "fgj", True, False, 4),
    ("complaint", "xzxx", "路灯白天亮晚上不亮", "随州大道某路段的路灯白天亮着，晚上反而不亮，浪费电也不安全。",
     "蒋涛", "13971110012", None, "street-light", "supervised", "zjj", True, False, 9),
    ("complaint", "12345", "电梯困人", "某小区电梯今天又困人了，一个月内已经第三次，请立即处理并彻查。",
     "沈丽", "13971110013", None, "property", "handling", "zjj", True, True, 0),
    ("help", "12345", "家门口自来水管爆裂", "家门口的自来水管爆裂，水一直往外冒，请尽快派人维修。",
     "韩梅", "13971110014", None, "gas-water", "dispatched", "zjj", False, True, 0),
    ("complaint", "12345", "工地拖欠工资", "我在县城某工地干了三个月活，老板一直拖着不发工资，十几个工友都没拿到钱。",
     "杨帆", "13971110015", None, "wage", "dispatched", "rsj", False, False, 1),
    ("consult", "rsj", "社保断缴怎么补缴", "去年换工作社保断了两个月，想问一下现在怎么补缴，在哪里办理？",
     "朱红", "13971110016", None, "social-insurance", "dispatched", "rsj", True, False, 1),
    ("help", "12345", "孩子入学划片", "我们家在县城新区买了房，孩子明年上小学，不知道划在哪个学校，请帮忙查询。",
     "秦岚", "13971110017", None, "school", "dispatched", "jyj", True, False, 2),
    ("consult", "12345", "异地就医备案", "父亲在武汉住院，医保异地就医需要怎么备案？能不能在手机上办？",
     "许诺", "13971110018", None, "medical-insurance", "dispatched", "ybj", True, False, 2),
    ("complaint", "sjxx", "村道坑洼难行", "高城镇大堰村通往镇上的村道坑洼很多，下雨天根本没法走，希望尽快修整。",
     "何平", "13971110019", 1, "village-road", "dispatched", "", True, False, 1),
    ("help", "12345", "宅基地界限纠纷", "殷店镇东岳庙村我家与邻居宅基地界限有争议，多次协商未果，请镇里协调。",
     "吕强", "13971110020", 2, "land-dispute", "dispatched", "", False, False, 1),
    ("complaint", "12345", "停车场乱收费", "医院门口停车场不足半小时也收费，和公示的标准不一致。",
     "施琳", "13971110021", None, "price", "returned", "zjj", True, False, 1),
    ("complaint", "xzxx", "电价计费有疑问", "家里电表计费和实际用电对不上，请有关部门核查。",
     "张伟", "13971110022", None, "energy", "returned", "zjj", False, False, 1),
    ("report", "xzxx", "举报违规收取办证费", "某单位在办理证照时要求另交“加急费”，没有任何票据，请查处。",
     "孔明", "13971110023", None, "price", "handling", "fgj", False, False, 3),
    ("suggestion", "xzxx", "建议增加夜间公交班次",
     "县城公交晚上七点就停运了，下晚班的"
     "人回家很不方便，建议延长运营时间。",
     "曹丽", "13971110024", None, None, "received", "", True, False, 0),
    ("consult", "12345", "公积金提取", "请问在随县怎么提取住房公积金？租房能不能提取？",
     "", "", None, None, "received", "", False, False, 0),
    ("praise", "xzxx", "表扬政务服务中心窗口",
     "昨天在县政务服务中心办理营业执照，窗口工"
     "作人员热情耐心，半小时就办好了，特此表扬。",
     "严华", "13971110025", None, None, "received", "", True, False, 0),
    ("complaint", "12345", "夜间施工噪音扰民", "小区旁边工地每天晚上十一点以后还在施工，噪音很大，影响休息。",
     "华清", "13971110026", 0, None, "received", "", False, False, 0),
    ("help", "sjxx", "低保申请进度", "我母亲今年三月申请了低保，到现在没有消息，想了解办理进度。",
     "金鑫", "13971110027", 3, None, "received", "", False, False, 0),
    ("complaint", "12345", "路灯线路老化", "神农社区门口路灯线路老化，经常不亮，请彻底维修。",
     "姜文", "13971110030", 0, "street-light", "handling", "zjj", True, False, 6),
    ("complaint", "12345", "神农社区路灯又坏了", "神农社区门口的路灯修好没几天又不亮了，请再派人看看。",
     "魏来", "13971110028", 0, "street-light", "merged", "zjj", False, False, 6),
    ("complaint", "xzxx", "小区门口路灯不亮（重复来电）", "神农社区门口路灯不亮，晚上很黑，我已经打过电话了。",
     "陶然", "13971110029", 0, "street-light", "merged", "zjj", False, False, 6),
    ("suggestion", "zjj", "建议公示物业收费标准", "建议各小区在显著位置公示物业收费标准和收支情况，方便业主监督。",
     "戚薇", "13971110031", None, "property", "closed", "zjj", True, False, 20),
    ("help", "12345", "小区水压太低", "我家住六楼，白天水压太低，热水器打不着火，请供水公司检查加压设备。",
     "谢安", "13971110032", None, "gas-water", "closed", "zjj", True, False, 25),
    ("complaint", "xzxx", "超市价格标签与结算不符", "某超市货架标价和结账价格不一致，多收了钱，请价格部门查处。",
     "邹静", "13971110033", None, "price", "closed", "fgj", True, False, 15),
]


def _load_catalogue(Department) -> None:
    depts = {d.code: d for d in Department.objects.all()}
    for code, name, kind, dept, order, intro in MAILBOXES:
        Mailbox.objects.update_or_create(code=code, defaults={
            "name": name, "kind": kind, "department": depts.get(dept), "sort_order": order, "intro": intro,
            "is_active": True})
    for code, name, lead, towns, keywords, examples in MATTERS:
        if lead in depts:
            Matter.objects.update_or_create(code=code, defaults={
                "name": name, "lead_department": depts[lead], "town_handles": towns, "keywords": keywords,
                "examples": examples, "is_active": True})


def load(stdout) -> None:
    from sunshine.accounts.models import User
    from sunshine.orgs.demo import TOWNS, town_code
    from sunshine.orgs.models import Department, Division

    _load_catalogue(Department)
    from . import demo_kb  # 知识库 and the operator's seat (the knowledge base answers demo consultations below)

    demo_kb.load(stdout)
    users = {u.username: u for u in User.objects.filter(username__in=["hotline", "clerk", "clerk2", "officehead"])}
    if len(users) < 4:
        stdout.write("hotline: 缺少演示账户，只加载了信箱和派单目录")
        return
    office, head = users["hotline"], users["officehead"]
    handler = {"fgj": users["clerk"], "zjj": users["clerk2"]}
    depts = {d.code: d for d in Department.objects.all()}
    towns = {i: Division.objects.filter(code=town_code(i)).first() for i in range(len(TOWNS))}
    boxes = {b.code: b for b in Mailbox.objects.all()}
    matters = {m.code: m for m in Matter.objects.all()}
    now = timezone.now()
    created, open_cases = 0, {}
    for n, (kind, box, title, content, name, phone, town, matter_code, state, lead_code, consent, urgent,
            days) in enumerate(TICKETS, start=1):
        key = f"demo:{n}"
        existing = Ticket.objects.filter(idempotency_key=key).first()
        if existing is not None:
            if existing.status == Ticket.Status.HANDLING:
                open_cases.setdefault(matter_code, existing)
            continue
        start = now - days * D_ - 3 * H
        place = towns.get(town) if town is not None else None
        matter = matters.get(matter_code) if matter_code else None
        data = {"kind": kind, "urgency": "urgent" if urgent else "normal", "title": title, "content": content,
                "caller_name": name, "caller_phone": phone, "consent_publish": consent}
        accused = depts.get("scjgj") if kind == "report" else None
        ticket = services.ticket_submit(data=data, mailbox=boxes[box], channel="phone" if box == "12345" else "web",
                                        place=place, matter=matter, accused_department=accused,
                                        entered_by=office if box == "12345" else None, idempotency_key=key,
                                        at=start).ticket
        created += 1
        _advance(ticket, state, lead=depts.get(lead_code) or selectors.lead_for(matter, place), start=start,
                 office=office, head=head, handler=handler, depts=depts, open_cases=open_cases, matter=matter)
    demo_kb.load_tickets(stdout, office=office, mailbox=boxes["12345"])  # 知识库解答、转办
    stdout.write(f"hotline: {len(MAILBOXES)} 个信箱、{len(MATTERS)} 项派单目录，新增 {created} 件工单"
                 f"（共 {len(TICKETS)} 件演示）")
    history = demo_history.load(stdout)
    if history or not SuggesterModel.objects.exists():
        model = suggester.train()
        stdout.write(f"hotline: 部门推荐模型已用{model.get_source_display()}训练（{model.history_size} 件已派单工单，"
                     f"{model.classes} 个部门，{model.seconds} 秒）")


def _advance(ticket, state, *, lead, start, office, head, handler, depts, open_cases, matter) -> None:
    """Bring a demo ticket to `state` through the services, an hour or a day apart."""
    if state == "received" or lead is None:
        return
    if state == "closed_directly":
        services.ticket_close_directly(ticket=ticket, answer="公租房申请条件和材料清单已在县住建局网站公布，"
                                       "可到县政务服务中心住建窗口办理。", actor=office, at=start + 0.2 * H)
        return
    if state == "merged":
        target = open_cases.get(matter.code if matter else None)
        if target is not None:
            services.ticket_merge(ticket=ticket, into=target, actor=office, reason="同一事项重复来电",
                                  at=start + 0.5 * H)
        return
    first = depts["fgj"] if state == "returned" else lead
    ticket = services.ticket_dispatch(ticket=ticket, department=first, matter=matter, actor=office,
                                      assisting=[depts["zfb"]] if state == "supervised" else (), at=start + H)
    if matter is not None and state == "handling":
        open_cases.setdefault(matter.code, ticket)
    if state == "dispatched":
        return
    if state == "returned":
        services.ticket_return(ticket=ticket, reason="该事项不属于本局职责，建议派住建局。", actor=handler["fgj"],
                               at=start + 2 * H)
        return
    clerk = handler[lead.code]
    urgent = ticket.urgency == Ticket.Urgency.URGENT
    step = 0.3 * H if urgent else H
    ticket = services.ticket_sign_for(ticket=ticket, actor=clerk, at=start + H + step)
    if state in ("handling",) and not urgent:
        return
    services.ticket_contact(ticket=ticket, note="已电话联系来电人，核实了具体情况。", actor=clerk,
                            at=start + H + 2 * step)
    if state == "handling" or state == "supervised":
        if state == "supervised":
            services.ticket_supervise(ticket=ticket, reason="群众多次来电反映，办理进度缓慢。", actor=head,
                                      at=start + 2 * D_)
        return
    reply_at = start + (H + 3 * step if urgent else 2 * D_)
    services.ticket_reply(ticket=ticket, text=f"经核查，{ticket.title}的问题已安排处理，具体情况已电话告知来电人。",
                          resolved=True, actor=clerk, at=reply_at)
    if state == "reply_review":
        return
    ticket = services.ticket_approve_reply(ticket=ticket, actor=office, at=reply_at + 2 * H)
    if state == "callback":
        return
    if state == "reopened_closed":
        ticket = services.ticket_callback(ticket=ticket, resolved=False, satisfaction="unsatisfied", actor=office,
                                          note="群众反映仍有异味。", at=reply_at + D_)
        ticket = services.ticket_reopen(ticket=ticket, reason="回访不满意：仍有异味", actor=office,
                                        at=reply_at + D_ + H)
        services.ticket_reply(ticket=ticket, text="已会同燃气公司更换老化阀门并检测，无泄漏。", resolved=True,
                              actor=clerk, at=reply_at + 3 * D_)
        ticket = services.ticket_approve_reply(ticket=ticket, actor=office, at=reply_at + 3 * D_ + H)
        reply_at = reply_at + 3 * D_
    services.ticket_callback(ticket=ticket, resolved=True, satisfaction="satisfied", actor=office,
                             note="群众表示满意。", at=reply_at + D_)
