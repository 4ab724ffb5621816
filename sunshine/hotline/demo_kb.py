"""Demo knowledge base of the hotline (演示知识库): questions callers of a county 12345 hotline ask most, answered by
the departments of 随县 that handle them, published after review by the demo office head; two drafts wait (one
in review). The operator `hotline` works at seat 8001 (CTI). Idempotent (by question)."""

from __future__ import annotations

from django.utils import timezone

# (department, question, answer, keywords, basis)
ENTRIES = [
    ("rsj", "社保断缴了怎么补缴？",
     "灵活就业人员中断缴费的，可在中断后按月续缴，当年内断缴月份可以补缴；跨年度补缴须符合省里政策规定。"
     "办理方式：携带身份证到县政务服务中心社保窗口，或在“鄂汇办”APP社保模块办理。咨询电话：0722-12333。",
     "社保断缴,补缴社保,养老保险补缴,灵活就业", "《社会保险法》；湖北省灵活就业人员参保办法"),
    ("rsj", "失业了可以领失业保险金吗？",
     "非因本人意愿中断就业、失业前单位和本人已缴纳失业保险费满1年、已办理失业登记并有求职要求的，可以申领失业保险金。"
     "办理：失业之日起60日内，到县人社局就业服务窗口或通过“湖北省人社公共服务”平台线上申请。",
     "失业金,失业保险,领失业金,被辞退", "《失业保险条例》第十四条"),
    ("rsj", "老板拖欠工资怎么办？",
     "可拨打12345或到县人社局劳动保障监察大队（县政务服务中心三楼）投诉，带上身份证和劳动合同、考勤、工资条、聊天记录等证据。"
     "工程建设领域欠薪可同时向项目所在地住建部门反映。劳动保障监察一般在受理之日起60个工作日内办结。",
     "欠薪,拖欠工资,讨薪,工资不发,农民工工资", "《保障农民工工资支付条例》；《劳动保障监察条例》"),
    ("rsj", "退休人员养老金资格认证怎么做？",
     "退休人员每年须进行一次领取待遇资格认证。可以用手机下载“国家社会保险公共服务平台”或“鄂汇办”APP刷脸认证，"
     "行动不便的可以申请社区工作人员上门认证。",
     "养老金认证,资格认证,刷脸认证,退休金", "人社部关于领取社会保险待遇资格确认的规定"),
    ("ybj", "异地就医怎么备案？",
     "参保人可通过“国家医保服务平台”APP、“鄂汇办”APP或拨打县医保局电话办理异地就医备案。"
     "异地长期居住人员、常驻异地工作人员备案后在就医地直接结算；临时外出就医人员也可线上备案。",
     "异地就医,异地备案,外地看病报销,医保备案", "国家医保局关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知"),
    ("ybj", "城乡居民医保每年什么时候缴费？",
     "城乡居民基本医疗保险集中缴费期一般为每年9月至12月，缴纳的是下一年度的医保费。"
     "可通过“湖北税务”微信公众号、“鄂汇办”APP、银行网点或村（社区）代收点缴纳。新生儿出生后90天内参保缴费的，自出生之日起享受待遇。",
     "医保缴费,居民医保,交医保,医保费", "湖北省城乡居民基本医疗保险实施办法"),
    ("ybj", "门诊慢特病怎么申请？",
     "患有高血压、糖尿病等门诊慢特病的参保人，携带二级及以上医院的诊断证明、病历等材料，到县医保局或定点医疗机构申请认定，"
     "认定通过后在定点医疗机构门诊就医可按规定报销。",
     "慢性病,慢特病,门诊报销,高血压报销,糖尿病报销", "湖北省门诊慢特病管理办法"),
    ("mzj", "申请低保需要什么条件？",
     "共同生活的家庭成员人均收入低于当地低保标准、家庭财产符合规定的，可以申请最低生活保障。"
     "向户籍所在地乡镇人民政府（社区）提出申请，提交身份证、户口簿、家庭收入和财产情况说明，经入户调查、民主评议和公示后审批。",
     "低保,最低生活保障,低保申请,困难补助", "《社会救助暂行办法》第九条至第十一条"),
    ("mzj", "高龄津贴怎么领？",
     "年满80周岁的随县户籍老人可以申领高龄津贴。由本人或家属携带身份证、户口簿和银行卡到村（社区）或乡镇民政办申请，"
     "审核后按月发放到银行卡。",
     "高龄津贴,老人补贴,80岁补贴,高龄补贴", "湖北省高龄津贴制度实施意见"),
    ("mzj", "结婚登记需要带什么？",
     "双方须亲自到婚姻登记处（县政务服务中心一楼民政窗口），携带本人户口簿、身份证和3张2寸近期半身免冠合影照片。"
     "内地居民婚姻登记已实行“跨省通办”，可在一方经常居住地登记。工作日办理，节假日不办理。",
     "结婚登记,结婚证,领证,婚姻登记", "《婚姻登记条例》"),
    ("jyj", "孩子上小学怎么划片入学？",
     "县城义务教育学校实行划片招生、就近入学，每年5月底前由县教育局公布各校招生范围。"
     "适龄儿童凭户口簿、房产证明（或居住证明）到学区学校报名。对划片有异议的，可向县教育局基础教育股反映。",
     "划片入学,小学入学,学区,上学,招生范围", "《义务教育法》第十二条"),
    ("jyj", "学生资助怎么申请？",
     "家庭经济困难的在校学生，每学年开学后向就读学校提出申请，填写家庭经济困难学生认定申请表，"
     "经学校认定后按学段享受国家助学金、免学杂费或生活补助。建档立卡、低保、特困家庭学生优先认定。",
     "学生资助,助学金,贫困生补助,困难学生", "学生资助资金管理办法"),
    ("jyj", "校外培训机构乱收费怎么投诉？",
     "可向县教育局（校外培训监管股）或拨打12345反映，提供机构名称、地址、收费凭证和合同。"
     "预收费超过规定期限或金额的，教育、市场监管部门依法处理。",
     "培训机构,补课,校外培训,退费", "关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见"),
    ("gaj", "身份证丢了怎么补办？",
     "本人携带户口簿到户籍所在地派出所或县政务服务中心公安窗口办理，现场采集照片和指纹，工本费20元，一般20个工作日内制发。"
     "急需乘坐火车、飞机的，可在派出所申请临时身份证，或使用铁路12306、机场的临时乘车（机）证明。",
     "身份证丢了,补办身份证,临时身份证,身份证挂失", "《居民身份证法》"),
    ("gaj", "新生儿怎么上户口？",
     "新生儿出生后一个月内，由父母一方携带出生医学证明、父母双方户口簿和身份证、结婚证到户籍所在地派出所申报出生登记。"
     "已开通“出生一件事”的，可在县政务服务中心一窗联办出生登记、医保参保和社保卡申领。",
     "上户口,新生儿落户,出生登记,报户口", "《户口登记条例》第七条"),
    ("gaj", "驾驶证到期了怎么换证？",
     "机动车驾驶证有效期满前90日内申请换证，可通过“交管12123”APP在线办理（邮寄新证），或到县车管所办理，带身份证、驾驶证和体检证明。",
     "驾驶证换证,驾照到期,驾照换证,12123", "《机动车驾驶证申领和使用规定》"),
    ("zjj", "住房公积金怎么提取？",
     "购买、建造、翻建、大修自住住房，偿还住房贷款本息，租房自住，离退休等情形可以提取。"
     "可通过随州住房公积金中心微信公众号、“鄂汇办”APP线上办理，或到县政务服务中心公积金窗口办理。",
     "公积金提取,取公积金,住房公积金,公积金贷款", "《住房公积金管理条例》第二十四条"),
    ("zjj", "公租房怎么申请？",
     "县城区户籍或在县城稳定就业的住房困难家庭，家庭收入和住房面积符合标准的，可向户籍或工作所在地社区提出申请，"
     "提交身份证、户口簿、收入证明、住房情况说明，经社区初审、住建局审核和公示后轮候配租。",
     "公租房,廉租房,保障房,租房补贴", "《公共租赁住房管理办法》"),
    ("zjj", "小区电梯坏了物业不修怎么办？",
     "先向物业服务企业书面报修并保留记录；物业不履行维修义务的，可向县住建局物业管理股投诉，"
     "电梯存在安全隐患的可同时向县市场监管局特种设备安全监察股反映。需动用专项维修资金的，由业主委员会或物业按程序申请。",
     "电梯坏了,物业不修,物业投诉,电梯维修", "《物业管理条例》；《特种设备安全法》"),
    ("zjj", "路灯不亮找谁修？",
     "县城主次干道和背街小巷的路灯由县住建局城市照明所负责，可拨打12345报修，说明具体路段和灯杆编号，一般2个工作日内修复。"
     "小区内部路灯由物业负责。乡镇集镇路灯由所在乡镇负责。",
     "路灯不亮,路灯坏了,报修路灯,照明", "城市照明管理规定"),
    ("zrzyj", "不动产权证书（房产证）怎么办理？",
     "新建商品房由开发企业和购房人共同申请；二手房买卖由双方携带身份证、原不动产权证书、买卖合同和完税凭证，"
     "到县不动产登记中心（县政务服务中心二楼）申请转移登记，一般5个工作日内办结。",
     "房产证,不动产权证书,办证,过户", "《不动产登记暂行条例》"),
    ("zrzyj", "农村宅基地建房怎么审批？",
     "农户向村集体经济组织提出申请，经村民小组和村委会审查公示后报乡镇人民政府，由乡镇审批并核发乡村建设规划许可证。"
     "一户只能拥有一处宅基地，严禁占用永久基本农田建房。",
     "宅基地,农村建房,建房审批,批宅基地", "《土地管理法》第六十二条"),
    ("scjgj", "买到假冒伪劣商品怎么投诉？",
     "可拨打12315或12345，或登录全国12315平台投诉，提供购物凭证、商品照片和经营者信息。"
     "市场监管部门自收到投诉之日起7个工作日内决定是否受理，受理后组织调解。",
     "假货,质量问题,消费投诉,12315,退货", "《消费者权益保护法》；《市场监督管理投诉举报处理暂行办法》"),
    ("scjgj", "个体工商户营业执照怎么办？",
     "可通过“湖北政务服务网”或“鄂汇办”APP全程网上办理，也可携带身份证到县政务服务中心市场监管窗口办理，材料齐全的当场办结，免费发照。",
     "营业执照,个体户,开店,办执照", "《促进个体工商户发展条例》"),
    ("scjgj", "饭店食品卫生差向哪里举报？",
     "可拨打12315或12345举报，说明店名、地址和具体问题（如过期食品、无健康证上岗、后厨脏乱），有照片、票据的一并提供。"
     "县市场监管局依法核查处理，举报人信息保密。",
     "食品安全,饭店卫生,餐馆,过期食品", "《食品安全法》第一百一十五条"),
    ("swju", "个人所得税汇算清缴怎么办？",
     "每年3月1日至6月30日，通过“个人所得税”APP办理上一年度综合所得汇算清缴，可以填报子女教育、赡养老人、住房贷款利息等专项附加扣除。"
     "不会操作的可到县税务局办税服务厅咨询。",
     "个税,汇算清缴,退税,个人所得税", "《个人所得税法》"),
    ("wjj", "新生儿出生医学证明丢了怎么补？",
     "由父母携带身份证、户口簿到孩子出生的医疗机构申请，经审核后由县卫健局指定机构补发。补发只能补发一次。",
     "出生证明,出生医学证明,补办出生证", "出生医学证明管理办法"),
    ("wjj", "家庭医生签约怎么签？",
     "到户籍或居住地的乡镇卫生院、社区卫生服务中心签约，或等村医上门服务时签约。"
     "签约后可享受健康档案管理、慢病随访、优先预约转诊等服务，基本服务包免费。",
     "家庭医生,签约医生,村医,家庭医生签约", "关于推进家庭医生签约服务的指导意见"),
    ("nyj", "耕地地力保护补贴什么时候发？",
     "耕地地力保护补贴每年上半年核定面积，一般在5至7月通过“一卡通”发放到农户账户，补贴标准以当年县里公示为准。"
     "对面积有异议的，在村里公示期内向村委会或乡镇农业服务中心提出。",
     "种粮补贴,地力补贴,耕地补贴,农业补贴", "农业相关转移支付资金管理办法"),
    ("jtj", "村里的道路坏了找谁修？",
     "农村公路实行县道县管、乡道乡管、村道村管。村道损坏可向村委会和所在乡镇反映，县道由县交通运输局公路养护中心负责，"
     "也可拨打12345反映，说明具体位置。",
     "村道,道路坏了,修路,坑洼,农村公路", "《农村公路养护管理办法》"),
    ("jtj", "出租车拒载、不打表怎么投诉？",
     "记下车牌号、时间和上下车地点，拨打12345或县交通运输局运管投诉电话反映，交通运输部门核实后依法处理。",
     "出租车,拒载,不打表,打车投诉", "《巡游出租汽车经营服务管理规定》"),
    ("tyjrj", "退役军人优待证怎么申领？",
     "符合条件的退役军人、烈士遗属、因公牺牲军人遗属、病故军人遗属，由本人通过“退役军人之家”微信小程序或到村（社区）退役军人服务站申请，"
     "县退役军人事务局审核后制发。",
     "优待证,退役军人,军人优待", "退役军人、其他优抚对象优待证管理办法"),
    ("zwfw", "县政务服务中心几点上班？",
     "县政务服务中心（季梁大道）工作日上午8:30—12:00、下午14:30—17:30办公（夏季下午15:00—18:00），"
     "周六上午提供不动产登记、社保医保等高频事项“延时错时”服务。咨询电话：12345。",
     "政务中心,办事大厅,上班时间,几点上班", "随县政务服务中心服务指南"),
    ("sthjj", "附近工厂夜间排放异味怎么办？",
     "可拨打12369环保举报热线或12345反映，说明企业名称或位置、异味出现的时间和持续情况，"
     "生态环境部门接报后组织执法人员现场检查，夜间也可受理。",
     "异味,排污,环境污染,工厂排放,噪音", "《大气污染防治法》"),
    ("fgj", "停车场乱收费向哪里反映？",
     "经营性停车场须明码标价，公示收费标准和监督电话。收费高于公示标准或未明码标价的，可拨打12345或12315反映，"
     "由发改（价格）和市场监管部门依法查处。",
     "停车收费,乱收费,停车费,价格", "《价格法》；《明码标价和禁止价格欺诈规定》"),
]

DRAFTS = [
    ("zjj", "燃气开户需要什么材料？",
     "持房屋产权证明或购房合同、身份证到燃气公司营业厅办理开户，安装通气前须接受安全检查和用气安全教育。",
     "燃气开户,天然气开户,通气", "", "review"),
    ("fgj", "冬季取暖用电有优惠吗？",
     "（草稿）居民阶梯电价冬季用电量按年度阶梯计算，取暖用电暂无单独优惠，具体以供电公司公布为准。",
     "取暖电价,电费,阶梯电价", "", "draft"),
]


def load(stdout) -> None:
    from sunshine.accounts.models import User
    from sunshine.orgs.models import Department

    from . import knowledge
    from .models import KnowledgeEntry, OperatorSeat

    users = {u.username: u for u in User.objects.filter(username__in=["hotline", "clerk", "clerk2", "officehead"])}
    head = users.get("officehead")
    if head is None:
        stdout.write("hotline: 缺少演示账户，未加载知识库")
        return
    if "hotline" in users:
        OperatorSeat.objects.get_or_create(user=users["hotline"], defaults={"seat": "8001"})
    depts = {d.code: d for d in Department.objects.all()}
    authors = {"fgj": users.get("clerk"), "zjj": users.get("clerk2")}
    created = 0
    now = timezone.now()
    for code, question, answer, keywords, basis in ENTRIES:
        if code not in depts or KnowledgeEntry.objects.filter(question=question).exists():
            continue
        entry = KnowledgeEntry.objects.create(department=depts[code], question=question, answer=answer,
                                              keywords=keywords, basis=basis, author=authors.get(code),
                                              status=KnowledgeEntry.State.REVIEW, submitted_at=now)
        knowledge.entry_publish(entry=entry, actor=head, note="内容准确，同意发布。")
        created += 1
    for code, question, answer, keywords, basis, state in DRAFTS:
        if code not in depts or KnowledgeEntry.objects.filter(question=question).exists():
            continue
        KnowledgeEntry.objects.create(department=depts[code], question=question, answer=answer, keywords=keywords,
                                      basis=basis, author=authors.get(code), status=state,
                                      submitted_at=now if state == "review" else None)
        created += 1
    stdout.write(f"hotline: 知识库新增 {created} 条（已发布 {len(ENTRIES)} 条、草稿和待审核 {len(DRAFTS)} 条）")


# Demo tickets of the knowledge base and the conversions: (key, kind, title, content, name, phone, outcome)
TICKETS = [
    ("demo-kb:1", "consult", "异地就医怎么备案", "我父亲要去武汉住院，想问一下医保异地就医怎么备案，回来还能报销吗？",
     "钱玉兰", "13971110031", ("kb", "异地就医怎么备案？")),
    ("demo-kb:2", "consult", "身份证丢了怎么办", "我身份证昨天丢了，下周要坐火车出差，怎么补办，来得及吗？",
     "孙立", "13971110032", ("kb", "身份证丢了怎么补办？")),
    ("demo-kb:3", "complaint", "征地补偿款迟迟不到位",
     "我们组的土地前年被征收，补偿款到现在还没有发到户，多次找村里没有结果，要求上级查处。",
     "周国强", "13971110033", ("petition", "随信〔2026〕第0417号")),
    ("demo-kb:4", "consult", "想要乡镇道路项目的招标文件",
     "我想查看厉山镇2025年农村道路提升项目的招标文件和中标公告，请问到哪里申请？",
     "吴敏", "13971110034", ("disclosure_request", "zfb")),
]


def load_tickets(stdout, *, office, mailbox) -> None:
    """Two consultations answered from the knowledge base, a hand-over to the 信访局, a conversion to a disclosure
    request (through the registered conversion, by name)."""
    from sunshine.caselinks import conversions
    from sunshine.core.errors import DomainError
    from sunshine.orgs.models import Department

    from . import services
    from .models import KnowledgeEntry, Ticket

    made = 0
    for key, kind, title, content, name, phone, (outcome, target) in TICKETS:
        if Ticket.objects.filter(idempotency_key=key).exists():
            continue
        data = {"kind": kind, "title": title, "content": content, "caller_name": name, "caller_phone": phone}
        ticket = services.ticket_submit(data=data, mailbox=mailbox, channel="phone", entered_by=office,
                                        idempotency_key=key).ticket
        made += 1
        if outcome == "kb":
            entry = KnowledgeEntry.objects.filter(question=target, status="published").first()
            if entry is not None:
                services.ticket_close_directly(ticket=ticket, entry=entry, actor=office)
        elif outcome == "petition":
            services.ticket_convert(ticket=ticket, to="petition", reference=target, actor=office,
                                    note="涉及征地补偿，属信访事项，转县信访局")
        else:
            department = Department.objects.filter(code=target).first()
            try:
                conversions.get(outcome)
            except DomainError:  # the disclosure app is not installed
                continue
            if department is not None:
                services.ticket_convert(ticket=ticket, to=outcome, actor=office, data={
                    "department": department, "applicant_name": name, "applicant_type": "natural_person",
                    "id_number": "11010519491231002X", "phone": phone, "address": "随县厉山镇神农大道8号",
                    "email": "", "description": content, "form": "electronic", "delivery": "online"})
    stdout.write(f"hotline: 知识库解答和转办演示工单新增 {made} 件")
