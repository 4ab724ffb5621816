"""Offline generator of realistic catalogue items (合成公开目录条目) for seeds, demos and benchmarks.

Sentences come from the public seed reports (data/synth_sentences.txt); titles, document numbers and templated
sentences use the demo county (随县), its departments and towns, the Art. 20 topics and the usual genres.
Deterministic for a given seed; no network.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
SENTENCES_FILE = Path(__file__).parent / "data" / "synth_sentences.txt"

# (code, name, abbreviation used in document numbers, level)
DEPARTMENTS = [
    ("zfb", "随县人民政府办公室", "随政办", "county"), ("fgj", "随县发展和改革局", "随发改", "county"),
    ("zjj", "随县住房和城乡建设局", "随住建", "county"), ("zrzyj", "随县自然资源和规划局", "随自然资规", "county"),
    ("mzj", "随县民政局", "随民", "county"), ("swj", "随县商务局", "随商", "county"),
    ("lyj", "随县林业局", "随林", "county"), ("slj", "随县水利局", "随水", "county"),
    ("sthjj", "随州市生态环境局随县分局", "随环", "county"), ("rsj", "随县人力资源和社会保障局", "随人社", "county"),
    ("scjgj", "随县市场监督管理局", "随市监", "county"), ("wjj", "随县卫生健康局", "随卫健", "county"),
    ("jyj", "随县教育局", "随教", "county"), ("czj", "随县财政局", "随财", "county"),
    ("sjj", "随县审计局", "随审", "county"), ("zwfw", "随县政务服务和大数据管理局", "随政务", "county"),
    ("town-421321100", "厉山镇人民政府", "厉政", "town"), ("town-421321101", "高城镇人民政府", "高政", "town"),
    ("town-421321102", "殷店镇人民政府", "殷政", "town"),
]
CATEGORIES = [
    "法规文件", "机构职能", "规划计划", "统计信息", "行政许可", "行政处罚", "财政预决算", "收费项目",
    "政府采购", "重大建设项目", "扶贫救助", "教育", "医疗卫生", "社会保障", "就业创业", "应急管理",
    "环境保护", "安全生产", "食品药品", "人事信息", "其他",
]
GENRES = ["文件", "通知公告", "规划计划", "统计信息", "财政资金", "人事信息", "工作动态", "政策解读", "村务/三资"]
VALIDITIES = ["有效", "失效", "废止"]
LEVELS = ["county", "town", "village"]
TOWNS = ["厉山镇", "高城镇", "殷店镇", "草店镇", "小林镇", "淮河镇", "万和镇", "尚市镇", "唐县镇", "吴山镇"]
VILLAGES = ["新街村", "双河村", "白果树村", "联合村", "李家湾村", "黄土坡村", "三里岗村", "石桥村", "龙泉村", "红山村"]
TOPICS = [
    "政府信息公开", "政务公开", "优化营商环境", "乡村振兴", "城乡居民基本养老保险", "最低生活保障", "特困人员救助供养",
    "农村危房改造", "安全生产大检查", "森林防火", "防汛抗旱", "河长制", "高标准农田建设", "义务教育", "疫情防控",
    "食品安全", "生态环境保护", "国土空间规划", "棚户区改造", "政府采购", "行政执法公示", "双随机一公开",
    "12345热线办理", "重大行政决策", "财政预算", "部门决算", "三公经费", "就业创业补贴", "残疾人两项补贴",
    "耕地地力保护补贴", "香菇产业发展", "农村饮水安全", "公共资源交易", "招商引资", "民生实事",
]
TITLE_TEMPLATES = [
    "{dept}关于印发《{year}年{topic}工作要点》的通知", "{dept}关于做好{topic}工作的通知",
    "{dept}关于{year}年{topic}工作情况的报告", "{dept}{year}年{topic}实施方案",
    "关于{topic}有关事项的公告", "{dept}关于开展{topic}专项行动的通知", "{year}年{topic}资金分配情况公示",
    "{town}{village}{year}年第{q}季度村务公开", "《{dept}{topic}管理办法》政策解读",
    "{dept}{year}年政府信息公开工作年度报告", "{dept}关于{topic}检查结果的通报", "{year}年{dept}部门预算公开",
]
SENTENCE_TEMPLATES = [
    "{year}年{dept}共主动公开政府信息{n}条，其中{topic}类信息{m}条。",
    "{town}{village}公布{year}年第{q}季度三资收支情况，本季度收入{n}万元，支出{m}万元。",
    "截至{month}月底，全县{topic}工作累计完成投资{n}万元，惠及群众{m}户。",
    "{dept}受理依申请公开{m}件，均在法定期限内答复。",
    "联系电话：0722-{phone}，办公地址：随县{town}解放路{m}号。",
    "按照《中华人民共和国政府信息公开条例》第二十条规定，{dept}将{topic}相关信息在政府门户网站予以公开。",
    "各乡镇人民政府、县直各部门要高度重视{topic}工作，明确专人负责，于{month}月{day}日前报送进展情况。",
    "本文件自印发之日起施行，有效期{q}年。",
    "{town}组织开展{topic}宣传活动{m}场次，发放宣传资料{n}份。",
]


@dataclass
class SynthItem:
    title: str
    document_number: str
    body: str
    attachments_text: str
    department_code: str
    level: str
    category: str
    genre: str
    validity: str
    created_on: date
    published_at: datetime


@lru_cache(maxsize=1)
def seed_sentences() -> tuple[str, ...]:
    lines = SENTENCES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))


def _fill(template: str, rnd: random.Random, ctx: dict) -> str:
    return template.format(
        dept=ctx["dept"], year=ctx["year"], topic=rnd.choice(TOPICS) if rnd.random() < 0.3 else ctx["topic"],
        town=rnd.choice(TOWNS), village=rnd.choice(VILLAGES), q=rnd.randint(1, 4), n=rnd.randint(10, 9999),
        m=rnd.randint(1, 300), month=rnd.randint(1, 12), day=rnd.randint(1, 28), phone=rnd.randint(4000000, 4999999),
    )


def make_items(n: int, *, seed: int = 0, department_codes: list[str] | None = None, start_year: int = 2014,
               end_year: int = 2025, body_chars: int = 300) -> Iterator[SynthItem]:
    """`n` items with publication times spread evenly over the years, oldest first (~`body_chars` of body)."""
    rnd = random.Random(seed)
    sentences = seed_sentences()
    depts = [d for d in DEPARTMENTS if department_codes is None or d[0] in department_codes] or DEPARTMENTS
    span_start = datetime(start_year, 1, 1, 8, 0, tzinfo=SHANGHAI)
    span = datetime(end_year, 12, 31, 18, 0, tzinfo=SHANGHAI) - span_start
    step = span / max(n, 1)
    numbers: dict[tuple[str, int], int] = {}
    for i in range(n):
        code, dept_name, abbr, level = rnd.choice(depts)
        published_at = span_start + step * i + timedelta(seconds=rnd.randint(0, 59))
        year = published_at.year
        topic = rnd.choice(TOPICS)
        ctx = {"dept": dept_name, "year": year, "topic": topic}
        genre = rnd.choice(GENRES)
        if genre == "村务/三资":
            level = "village"
        title = _fill(rnd.choice(TITLE_TEMPLATES), rnd, ctx)
        document_number = ""
        if genre in ("文件", "规划计划", "通知公告") and rnd.random() < 0.8:
            numbers[(abbr, year)] = numbers.get((abbr, year), 0) + 1
            document_number = f"{abbr}发〔{year}〕{numbers[(abbr, year)]}号"
        parts: list[str] = []
        length = 0
        while length < body_chars:
            s = _fill(rnd.choice(SENTENCE_TEMPLATES), rnd, ctx) if rnd.random() < 0.4 else rnd.choice(sentences)
            parts.append(s)
            length += len(s)
        attachments = ""
        if rnd.random() < 0.25:
            rows = [f"{k + 1}. {rnd.choice(TOWNS)}{rnd.choice(VILLAGES)} {rnd.choice(TOPICS)} {rnd.randint(1, 500)}万元"
                    for k in range(rnd.randint(2, 5))]
            attachments = "附件：" + topic + "明细表\n" + "\n".join(rows)
        created_on = (published_at - timedelta(days=rnd.randint(0, 25))).date()
        yield SynthItem(
            title=title, document_number=document_number, body="".join(parts), attachments_text=attachments,
            department_code=code, level=level, category=rnd.choice(CATEGORIES), genre=genre,
            validity=rnd.choice(VALIDITIES) if genre == "文件" else "有效", created_on=created_on,
            published_at=published_at,
        )
