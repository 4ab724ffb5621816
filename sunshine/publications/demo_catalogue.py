"""The demo's back catalogue (演示公开目录): items a county clerk would believe.

Each item comes from a topic owned by the department that really handles it (低保 by 民政局, 森林防火 by 林业局 …),
filed in that topic's category (主题分类) and in the genre (体裁) its title says; its body is written for its
title, its document number uses its own department's abbreviation in sequence per year, and village items are
published by the village committee they name. Towns publish their own work reports. Annual reports (年度报告) are
not made here: `demo.annual_reports` writes them from the demo's own request statistics (table 3), after the
disclosure-request demo has run.

Pure data: `catalogue_rows(...)` returns the importer's JSON rows; deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (topic, owning department code, category code)
TOPICS = [
    ("最低生活保障", "mzj", "social_security"), ("特困人员救助供养", "mzj", "social_security"),
    ("残疾人两项补贴", "mzj", "social_security"), ("临时救助", "mzj", "social_security"),
    ("城乡居民基本养老保险", "rsj", "social_security"), ("就业创业补贴", "rsj", "employment"),
    ("农民工工资支付保障", "rsj", "employment"), ("农村危房改造", "zjj", "construction"),
    ("棚户区改造", "zjj", "construction"), ("城镇老旧小区改造", "zjj", "construction"),
    ("国土空间规划", "zrzyj", "plans"), ("集体土地征收补偿", "zrzyj", "land"),
    ("森林防火", "lyj", "emergency"), ("林长制", "lyj", "inspection"),
    ("防汛抗旱", "slj", "emergency"), ("河长制", "slj", "inspection"),
    ("义务教育招生", "jyj", "education"), ("学生资助", "jyj", "education"),
    ("家庭医生签约服务", "wjj", "health"), ("基本公共卫生服务", "wjj", "health"),
    ("食品安全", "scjgj", "inspection"), ("双随机一公开", "scjgj", "inspection"),
    ("政府采购", "czj", "procurement"), ("耕地地力保护补贴", "czj", "rural_revitalization"),
    ("重大项目建设", "fgj", "construction"), ("粮食安全", "fgj", "rural_revitalization"),
    ("香菇产业发展", "swj", "rural_revitalization"), ("农村电子商务", "swj", "rural_revitalization"),
    ("生态环境保护", "sthjj", "inspection"), ("审计整改", "sjj", "inspection"),
    ("12345热线办理", "zwfw", "other"), ("优化营商环境", "zwfw", "other"),
    ("政务公开", "zfb", "other"), ("重大行政决策", "zfb", "regulations"),
]
# what a town reports on (乡镇): topic, category
TOWN_TOPICS = [
    ("森林防火", "emergency"), ("防汛抗旱", "emergency"), ("人居环境整治", "rural_revitalization"),
    ("乡村振兴", "rural_revitalization"), ("安全生产", "inspection"), ("最低生活保障", "social_security"),
]
# document-number abbreviations (发文字号)
ABBREVIATIONS = {
    "zfb": "随政办", "fgj": "随发改", "zjj": "随住建", "zrzyj": "随自然资规", "mzj": "随民", "swj": "随商",
    "lyj": "随林", "slj": "随水", "sthjj": "随环", "rsj": "随人社", "scjgj": "随市监", "wjj": "随卫健", "jyj": "随教",
    "czj": "随财", "sjj": "随审", "zwfw": "随政务",
}


def _document(rnd, ctx):
    title = f"{ctx['dept']}关于印发《随县{ctx['topic']}实施办法》的通知"
    body = (f"各乡镇人民政府，县直有关单位：\n现将《随县{ctx['topic']}实施办法》印发给你们，请结合实际认真贯彻执行。"
            f"执行中遇到的问题，请及时向{ctx['dept']}反映。\n附件：随县{ctx['topic']}实施办法\n"
            f"{ctx['dept']}\n{ctx['created']:%Y年%-m月%-d日}")
    return title, body, "document", True


def _notice(rnd, ctx):
    title = f"{ctx['dept']}关于做好{ctx['year']}年{ctx['topic']}工作的通知"
    body = (f"各乡镇人民政府，县直有关单位：\n为做好{ctx['year']}年{ctx['topic']}工作，现将有关事项通知如下：\n"
            f"一、提高思想认识。{ctx['topic']}事关群众切身利益，各单位要明确分管负责人和具体经办人员。\n"
            f"二、抓好工作落实。对照年度目标逐项推进，建立工作台账，做到底数清、情况明。\n"
            f"三、按时报送进展。请于{ctx['year']}年{rnd.randint(3, 11)}月{rnd.randint(1, 28)}日前将工作进展书面报送"
            f"{ctx['dept']}，联系电话：0722-42{rnd.randint(10000, 99999)}。\n{ctx['dept']}")
    return title, body, "notice", True


def _announcement(rnd, ctx):
    title = f"{ctx['dept']}关于{ctx['year']}年{ctx['topic']}有关事项的公告"
    body = (f"根据有关规定，现将{ctx['year']}年{ctx['topic']}有关事项公告如下：\n一、适用范围：本县行政区域内符合条件的"
            f"单位和个人。\n二、办理方式：可通过随县政务服务网在线办理，或到县政务服务中心{ctx['dept_short']}窗口办理。\n"
            f"三、咨询电话：0722-42{rnd.randint(10000, 99999)}（工作日）。\n特此公告。\n{ctx['dept']}")
    return title, body, "notice", False


def _plan(rnd, ctx):
    title = f"{ctx['dept']}{ctx['year']}年{ctx['topic']}工作实施方案"
    body = (f"为扎实推进{ctx['year']}年{ctx['topic']}工作，结合我县实际，制定本方案。\n"
            f"一、工作目标：到{ctx['year']}年底，{ctx['topic']}各项任务全面完成。\n二、主要任务：摸清底数、完善制度、强化监管、做好公开。\n"
            f"三、保障措施：加强组织领导，落实经费保障，严格督促检查。\n{ctx['dept']}")
    return title, body, "plan", False


def _finance(rnd, ctx):
    amount, towns = rnd.randint(80, 2400), rnd.randint(6, 19)
    title = f"{ctx['year']}年{ctx['topic']}资金分配情况公示"
    body = (f"根据上级下达的资金计划，现将{ctx['year']}年{ctx['topic']}资金分配情况公示如下："
            f"全县共安排资金{amount}万元，涉及{towns}个乡镇（场、区），资金已按程序拨付到位。公示期为5个工作日，如有异议，请向{ctx['dept']}反映。")
    return title, body, "finance", False


def _statistics(rnd, ctx):
    q = rnd.randint(1, 4)
    title = f"{ctx['year']}年第{q}季度全县{ctx['topic']}工作统计"
    body = (f"{ctx['year']}年第{q}季度，全县{ctx['topic']}工作累计完成年度目标的{rnd.randint(20, 98)}%，"
            f"较上年同期增长{rnd.randint(1, 15)}.{rnd.randint(0, 9)}%。数据来源：{ctx['dept']}。")
    return title, body, "statistics", False


def _news(rnd, ctx):
    title = f"{ctx['dept']}召开{ctx['year']}年{ctx['topic']}工作推进会"
    body = (f"近日，{ctx['dept']}召开{ctx['year']}年{ctx['topic']}工作推进会，通报前期工作进展，分析存在的问题，"
            f"部署下一阶段重点任务。会议要求，各单位要压实责任、加强协作，确保{ctx['topic']}各项任务按期完成。")
    return title, body, "news", False


def _interpretation(rnd, ctx):
    title = f"《随县{ctx['topic']}实施办法》政策解读"
    body = (f"一、制定背景：为规范{ctx['topic']}工作，{ctx['dept']}起草了《随县{ctx['topic']}实施办法》。\n"
            f"二、主要内容：办法共{rnd.randint(4, 8)}章{rnd.randint(18, 40)}条，明确了适用范围、办理程序和监督管理。\n"
            f"三、解读机关：{ctx['dept']}，咨询电话：0722-42{rnd.randint(10000, 99999)}。")
    return title, body, "interpretation", False


COUNTY_KINDS = [_document, _notice, _announcement, _plan, _finance, _statistics, _news, _news, _interpretation]


def _town_report(rnd, ctx):
    title = f"{ctx['dept']}关于{ctx['year']}年{ctx['topic']}工作情况的报告"
    body = (f"县人民政府：\n{ctx['year']}年，{ctx['town']}认真落实县委、县政府部署，扎实推进{ctx['topic']}工作。"
            f"全镇共组织开展专项检查{rnd.randint(3, 20)}次，整改问题{rnd.randint(2, 40)}个，"
            f"开展宣传活动{rnd.randint(2, 12)}场次。下一步，我镇将持续巩固工作成效。\n{ctx['dept']}")
    return title, body, "notice", False


def _village_affairs(rnd, ctx):
    q = rnd.randint(1, 4)
    title = f"{ctx['village']}{ctx['year']}年第{q}季度村务公开"
    income, spent = rnd.randint(3, 60), rnd.randint(2, 50)
    body = (f"根据村务公开有关规定，现将{ctx['village']}{ctx['year']}年第{q}季度村务公开如下：\n"
            f"一、集体收入{income}.{rnd.randint(0, 9)}万元，支出{spent}.{rnd.randint(0, 9)}万元。\n"
            f"二、本季度召开村民代表会议{rnd.randint(1, 3)}次，议定事项已按程序实施。\n"
            f"村民如有疑问，可向村务监督委员会反映。")
    return title, body, "village_affairs", False


def catalogue_rows(departments: dict[str, tuple[str, str]], *, n: int, seed: int, start_year: int,
                   end_year: int) -> list[dict]:
    """`n` importer rows over `start_year`…`end_year`, oldest first. `departments`: {code: (name, level)} of the
    demo's departments (county departments, towns ``town-…``, villages ``village-…``)."""
    rnd = random.Random(seed)
    county = [(topic, code, category) for topic, code, category in TOPICS if code in departments]
    towns = sorted(code for code, (_name, level) in departments.items() if level == "town")
    villages = sorted(code for code, (_name, level) in departments.items() if level == "village")
    span_start = dt.datetime(start_year, 1, 4, 9, 0, tzinfo=SHANGHAI)
    span = dt.datetime(end_year, 12, 28, 17, 0, tzinfo=SHANGHAI) - span_start
    numbers: dict[tuple[str, int], int] = {}
    rows = []
    for i in range(n):
        published_at = span_start + span * i / n + dt.timedelta(minutes=rnd.randint(0, 480))
        if published_at.weekday() >= 5:  # offices publish on working days
            published_at += dt.timedelta(days=7 - published_at.weekday())
        created = (published_at - dt.timedelta(days=rnd.randint(1, 15))).date()
        year = created.year
        roll = rnd.random()
        if roll < 0.12 and villages:
            code = rnd.choice(villages)
            name = departments[code][0]
            ctx = {"village": name.removesuffix("村民委员会").removesuffix("居民委员会"), "year": year}
            title, body, genre, numbered = *_village_affairs(rnd, ctx)[:3], False
            category = "village_affairs"
        elif roll < 0.27 and towns:
            code = rnd.choice(towns)
            name = departments[code][0]
            topic, category = rnd.choice(TOWN_TOPICS)
            ctx = {"dept": name, "town": name.removesuffix("人民政府"), "topic": topic, "year": year}
            title, body, genre, numbered = _town_report(rnd, ctx)
        else:
            topic, code, category = rnd.choice(county)
            name = departments[code][0]
            ctx = {"dept": name, "dept_short": name.removeprefix("随县"), "topic": topic, "year": year,
                   "created": created}
            title, body, genre, numbered = rnd.choice(COUNTY_KINDS)(rnd, ctx)
        document_number = ""
        if numbered and code in ABBREVIATIONS:
            numbers[(code, year)] = numbers.get((code, year), 0) + 1
            document_number = f"{ABBREVIATIONS[code]}发〔{year}〕{numbers[(code, year)]}号"
        validity = ""
        if genre == "document":
            validity = "effective" if year >= end_year - 1 or rnd.random() < 0.8 else "expired"
        rows.append({
            "title": title, "document_number": document_number, "department": code, "category": category,
            "genre": genre, "created_on": created.isoformat(), "published_at": published_at.isoformat(),
            "validity": validity, "summary": body.split("\n")[0][:60], "body": body,
        })
    return rows
