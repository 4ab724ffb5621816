"""Demo topics (点题公开) in every state, created through the services (clocks, audit, notifications).

Idempotent: a topic whose title exists already is skipped. Needs the orgs and accounts demo (officehead,
clerk and reviewer of fgj, clerk2 of zjj); without them nothing is loaded. Answers are drafted by the department's
clerk and signed off (签发) by fgj's reviewer or the office head; one waits for the reviewer's sign-off.
"""

from __future__ import annotations

from . import services
from .models import TopicRequest

# (citizen, phone, title, content, department code or "", outcome, answer/reason)
TOPICS = [
    ("张三", "13800138000", "老旧小区改造项目清单", "希望公开2025年县城老旧小区改造的项目清单、资金安排和施工进度。",
     "zjj", "answer", "2025年老旧小区改造共12个小区，项目清单和资金安排已在本局“政府信息公开—重点领域”栏目公开，"
     "施工进度每月更新一次。"),
    ("李明", "13900001111", "城区停车收费标准", "希望公开城区公共停车场的收费标准及其定价依据。",
     "fgj", "publish", "城区公共停车场收费标准及定价依据已主动公开。"),
    ("王芳", "13700002222", "物价监测报告", "希望定期公开县城主要农副产品价格监测情况，便于群众了解价格变化。",
     "fgj", "answer", "本局每周发布主要农副产品价格监测周报，自下月起同步在政府网站公开。"),
    ("赵强", "13600003333", "保障性住房分配结果", "希望公开今年公租房分配的对象名单（隐去个人信息）和分配程序。",
     "zjj", "publish", "公租房分配程序及结果（已隐去身份证号等个人信息）已在本局网站公开。"),
    ("陈静", "13500004444", "重点项目环评批复", "希望公开县经济开发区某化工项目的环评批复文件及审批意见。",
     "fgj", "decline", "该项目尚在审批过程中，相关材料属于过程性信息，依据《条例》第十六条第二款暂不公开，"
     "审批完成后将依法公开。"),
    ("刘洋", "13400005555", "建设工程招标文件", "希望公开某安置房项目的招标文件全文，包括投标单位的报价明细。",
     "zjj", "decline", "投标单位的报价明细涉及商业秘密，依据《条例》第十五条不予公开；招标公告和中标结果已公开。"),
    ("孙丽", "13300006666", "农村公路建设计划", "希望公开今明两年农村公路建设和养护的计划、资金来源。",
     "fgj", "draft", "今明两年农村公路建设和养护计划已编制完成，拟于本月底在本局网站“规划计划”栏目公开。"),
    ("周杰", "13200007777", "燃气管网改造进度", "希望公开城区燃气老旧管网改造的范围、工期和停气安排。",
     "zjj", "", ""),
    ("吴敏", "13100008888", "学校食堂检查结果", "希望公开中小学校食堂食品安全检查结果及整改情况。",
     "jyj", "", ""),
    ("郑伟", "15000009999", "医保报销政策解读", "希望对县域医保报销比例调整的政策作出通俗解读并公开。",
     "", "", ""),
    ("冯雪", "15100001234", "河道整治工程", "希望公开涢水河道整治工程的设计方案、投资金额和完工时间。",
     "", "", ""),
    ("褚军", "15200005678", "养老服务补贴发放", "希望公开高龄津贴和养老服务补贴的发放标准、发放名单（脱敏）。",
     "", "", ""),
]


def load(stdout) -> None:
    from sunshine.accounts.models import User
    from sunshine.orgs.models import Department

    users = {u.username: u for u in User.objects.filter(username__in=["officehead", "clerk", "clerk2", "reviewer"])}
    if len(users) < 4:
        stdout.write("participation: 缺少演示账户，跳过")
        return
    answerer = {"fgj": users["clerk"], "zjj": users["clerk2"]}
    # sign-off (签发): fgj's answers by its reviewer, zjj's by the disclosure office head
    signer = {"fgj": users["reviewer"], "zjj": users["officehead"]}
    existing = set(TopicRequest.objects.filter(title__in=[t[2] for t in TOPICS]).values_list("title", flat=True))
    created = 0
    for name, phone, title, content, dept_code, outcome, text in TOPICS:
        if title in existing:
            continue
        topic = services.topic_submit(citizen_name=name, phone=phone, title=title, content=content)
        created += 1
        if not dept_code:
            continue
        department = Department.objects.filter(code=dept_code).first()
        if department is None:
            continue
        topic = services.topic_forward(topic=topic, department=department, actor=users["officehead"],
                                       note="请按期反馈办理情况。")
        actor = answerer.get(dept_code)
        if not actor or not outcome:
            continue
        if outcome in ("answer", "draft"):
            topic = services.topic_answer(topic=topic, actor=actor, answer=text)
        elif outcome == "publish":
            # the department's newest published item, where the publications demo has one (it loads first)
            item = services.publishable_items(department).first()
            topic = services.topic_publish(topic=topic, actor=actor, answer=text, publication_item=item,
                                           publication_url="" if item else "/gk/")
        elif outcome == "decline":
            topic = services.topic_decline(topic=topic, actor=actor, reason=text)
        if outcome != "draft" and topic.status == TopicRequest.Status.AWAITING_SIGN_OFF:
            services.topic_sign_off(topic=topic, actor=signer[dept_code])  # "draft": left awaiting sign-off
    stdout.write(f"participation: 新增 {created} 条点题（共 {len(TOPICS)} 条演示）")
