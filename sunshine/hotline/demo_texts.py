"""Citizens' messages for the demo history (演示工单文本生成): composed from parts, so that the department suggester
learns from varied text and not from a dozen fixed sentences.

A message = a greeting or the operator's record opening + who and where (county seat street, town, village) + when +
the matter's core statement (`demo_catalogue`), sometimes two, turned into a question for a 咨询 + what was tried +
an emotion + the request; then the way people type: colloquial words, dropped or doubled punctuation, homophone
typos (的/地/得, 在/再, 以经…). Pure functions of a `random.Random`: the same seed gives the same year.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

STREETS = ["季梁大道", "烈山大道", "神农大道", "编钟大道", "炎帝大道", "裕民路", "迎宾大道", "新城路", "育才路",
           "车站路", "人民路", "解放路", "城南新区", "开发区"]
ESTATES = ["金色家园", "福苑小区", "阳光花园", "锦绣华府", "幸福里", "滨河湾", "神农佳苑", "东方明珠小区",
           "供电局宿舍", "老粮食局家属院", "世纪城", "桃源居", "翰林苑", "碧桂园", "学府一号"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁"
GIVEN = ["建国", "秀英", "桂兰", "志强", "丽", "伟", "芳", "军", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛",
         "明", "超", "霞", "平", "刚", "红梅", "海燕", "文华", "小龙", "国强", "玉兰", "春生", "德明", "金凤"]

WHEN = ["最近", "这几天", "这段时间", "从上个月开始", "已经半个多月了，", "今天早上", "昨天晚上十点多",
        "一个多星期了，", "从去年到现在", "前天下午", "这两个月", "今年以来", "上周五", "这个星期", "春节前后",
        "好几年了", "一直以来",
        "昨天", "今天", "每天晚上", "国庆节期间", "这阵子"]
OPEN_PHONE = ["来电人反映：", "市民来电反映，", "来电人称，", "群众来电：", "来电反映：", "来电人表示，", "", "",
              "来电人咨询：", "市民反映："]
OPEN_LETTER = ["县长您好：", "尊敬的领导：", "书记您好！", "领导好，", "您好！", "你好，", "尊敬的县长：",
               "各位领导你们好，", "", "我想反映个问题。", "冒昧给您写信，"]
OPEN_SHORT = ["", "", "你好，", "您好，", "请问", "喂，"]
WHO = ["我是{town}{village}的村民，", "我家住在{town}{village}，", "我是{town}的，", "我住县城{street}{estate}，",
       "我们{estate}的业主", "我在{town}街上开了个小店，", "我是外地来{town}打工的，", "我母亲住在{town}{village}，",
       "本人家住{street}，", "我们是{town}{village}的几户人家，", "", "", ""]
WHERE = ["在{town}{village}", "{town}{village}", "县城{street}", "{street}{estate}", "{estate}", "{town}街上",
         "{town}集镇上", "{street}和{street2}交叉口", "{village}"]
TRIED = ["找过好几次都没人管，", "打了好多次电话都推来推去，", "跟他们说了也不理，", "反映过几次了一直没解决，",
         "问了几个部门都说不归他们管，", "村里说解决不了，", "", "", "", "对方一直拖着，", "在网上也留言了没回复，"]
FEEL = ["真是气死人了！", "太不像话了。", "老百姓真的很无奈。", "希望政府为我们做主！", "！！！", "拜托了。", "谢谢。",
        "实在没办法了。", "心里很着急。", "", "", "", "大家意见很大。", "这样下去怎么得了？", "非常感谢！",
        "麻烦了麻烦了", "急！", "已经影响到正常生活了。"]
ASK = {
    "consult": ["想咨询一下怎么办理。", "请问这个找哪个部门？", "要带什么材料？", "在哪里办，多久能办好？",
                "请告知相关政策。", "想问下现在是什么规定。", "麻烦给个答复。", "咋办啊？"],
    "help": ["请帮帮忙。", "希望有关部门尽快处理。", "请帮忙协调解决。", "希望能尽快派人来看看。", "恳请帮助。",
             "请领导帮忙过问一下。"],
    "complaint": ["请相关部门尽快处理。", "希望严肃处理。", "请给个说法。", "要求尽快解决并答复。", "请督促整改。",
                  "希望有人管管。", "请调查处理并回复我。"],
    "report": ["请依法查处。", "请严肃查处！", "我可以提供照片和视频。", "希望为举报人保密。", "请有关部门调查核实。"],
    "suggestion": ["建议有关部门重视一下。", "建议尽快研究解决。", "希望能采纳。", "个人一点建议，供参考。",
                   "建议加强管理。"],
    "praise": ["特此表扬！", "向他们表示感谢！", "为他们点赞！"],
}
CONSULT_WRAP = ["想问一下{core}该怎么办", "请问{core}的事归谁管", "{core}，这个情况怎么处理", "咨询：{core}",
                "{core}怎么办", "{core}，有没有什么政策", "{core}，应该找哪里"]
SUGGEST_WRAP = ["{core}，建议相关部门管一管", "关于{core}的问题，提个建议", "{core}，希望能改进", "{core}，建议整改"]
REPORT_WRAP = ["举报：{core}", "实名举报{core}", "我要举报，{core}", "{core}，特此举报"]
PRAISE_WRAP = ["之前反映的{core}的问题，工作人员很快就处理好了", "{core}的事，相关部门当天就来人解决了",
               "上次打电话说{core}，办得很及时"]
AMOUNTS = ["三千多块", "八千元", "两万多", "一万二", "五百块", "好几万", "六千多元"]
COUNTS = ["三次", "好几次", "五六次", "无数次", "两次"]

# colloquial replacements (word → alternatives) and homophone typos
COLLOQUIAL = [("没有", ["没", "木有"]), ("怎么", ["咋", "怎样"]), ("非常", ["特别", "好"]), ("这个", ["这"]),
              ("很", ["蛮", "特别", "非常"]), ("什么", ["啥"]), ("一直", ["老是", "始终"]), ("已经", ["都"]),
              ("孩子", ["小孩", "娃"]), ("马上", ["立刻"]), ("不知道", ["不晓得"]), ("厉害", ["凶"])]
TYPOS = [("的", "地"), ("的", "得"), ("在", "再"), ("已经", "以经"), ("反映", "反应"), ("处理", "处里"),
         ("办理", "半理"), ("希望", "洗望"), ("那里", "哪里"), ("做", "作"), ("账", "帐"), ("到", "倒")]


@dataclass(frozen=True)
class Draft:
    kind: str
    title: str
    content: str


QUESTION = re.compile("怎么|吗|哪里|什么|多少|如何|能不能|要不要|可以|多久|哪个")
# matters where a message is often a 举报 (report of wrongdoing)
REPORTABLE = {"illegal-land-use", "mining", "logging", "wildlife", "river-sand", "air-pollution", "water-pollution",
              "livestock-pollution", "food-safety", "drug-safety", "false-advertising", "illegal-clinic",
              "public-security", "insurance-fraud", "village-affairs", "illegal-building", "culture-market",
              "work-safety", "animal-epidemic", "teacher-conduct", "price", "straw-burning", "tax"}


def pick_kind(rng: random.Random, core: str, matter: str) -> str:
    """A plausible kind for a core statement: a question is a 咨询 (or a 求助); a complaint may be reported,
    suggested about, or (once solved) praised."""
    if QUESTION.search(core):
        return "consult" if rng.random() < 0.8 else "help"
    r = rng.random()
    if r < 0.55:
        return "complaint"
    if r < 0.77:
        return "help"
    if r < 0.87:
        return "report" if matter in REPORTABLE else "complaint"
    if r < 0.96:
        return "suggestion"
    return "praise"


def person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    if rng.random() < 0.15:
        name = rng.choice(SURNAMES) + rng.choice(["女士", "先生", "师傅", "老师", "大爷"])
    return name, f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def _fill(template: str, rng: random.Random, *, town: str, village: str) -> str:
    street, street2 = rng.sample(STREETS, 2)
    return template.format(town=town, village=village, street=street, street2=street2, estate=rng.choice(ESTATES))


def _roughen(text: str, rng: random.Random, level: float) -> str:
    """Colloquial words, typos and punctuation as people type; `level` 0 (a careful letter) … 1 (a quick SMS)."""
    for word, alternatives in COLLOQUIAL:
        if word in text and rng.random() < 0.35 * level + 0.05:
            text = text.replace(word, rng.choice(alternatives), 1)
    for word, typo in TYPOS:
        if word in text and rng.random() < 0.12 * level:
            text = text.replace(word, typo, 1)
    r = rng.random()
    if r < 0.2 * level:
        text = text.replace("，", " ").replace("。", " ")
    elif r < 0.3 * level:
        text = text.replace("。", "！！", 1)
    elif r < 0.4 * level:
        text = text.replace("，", ",").replace("。", ".")
    return text.strip()


def compose(rng: random.Random, *, matter: str, phrases: list[str], channel: str, town: str, village: str,
            local: bool) -> Draft:
    """One citizen's message about a matter whose core statements are `phrases`; `local`: the place is named
    (a 属地 matter always names its town)."""
    core = rng.choice(phrases)
    kind = pick_kind(rng, core, matter)
    second = rng.choice(phrases) if rng.random() < 0.25 and kind != "consult" else ""
    if kind == "consult" and QUESTION.search(core):
        body = core
    elif kind == "consult":
        body = rng.choice(CONSULT_WRAP).format(core=core)
    elif kind == "suggestion":
        body = rng.choice(SUGGEST_WRAP).format(core=core)
    elif kind == "report":
        body = rng.choice(REPORT_WRAP).format(core=core)
    elif kind == "praise":
        body = rng.choice(PRAISE_WRAP).format(core=core)
    else:
        body = core
    if second and second != core and kind not in ("praise",):
        body += rng.choice(["，而且", "，还有", "。另外", "，同时"]) + second
    short = channel == "sms" or rng.random() < 0.15
    parts: list[str] = []
    if channel == "phone":
        parts.append(rng.choice(OPEN_PHONE))
    elif channel in ("web", "letter"):
        parts.append(rng.choice(OPEN_LETTER))
    else:
        parts.append(rng.choice(OPEN_SHORT))
    where = ""
    if local or rng.random() < 0.55:
        where = _fill(rng.choice(WHERE[:2] if local else WHERE), rng, town=town, village=village)
    if not short:
        who = rng.choice(WHO)
        if local and "{town}" not in who:
            who = ""
        if who:
            parts.append(_fill(who, rng, town=town, village=village))
            if "{town}" in who and local:
                where = ""
        parts.append(rng.choice(WHEN) if rng.random() < 0.6 else "")
    if where:
        parts.append(where + rng.choice(["", "这边", "那里", "一带"]) + rng.choice(["，", "", "的"]))
    parts.append(body + rng.choice(["，", "。", "！", "，"]))
    if not short:
        if kind in ("complaint", "help", "report") and rng.random() < 0.5:
            tried = rng.choice(TRIED)
            if rng.random() < 0.2:
                tried = f"前后反映了{rng.choice(COUNTS)}，" + tried
            parts.append(tried)
        if rng.random() < 0.15 and kind in ("complaint", "help"):
            parts.append(f"损失{rng.choice(AMOUNTS)}，")
        parts.append(rng.choice(FEEL))
    parts.append(rng.choice(ASK.get(kind, ASK["help"])))
    if channel == "phone" and rng.random() < 0.3:
        parts.append(rng.choice(["来电人要求回复。", "要求相关部门尽快处理。", "请相关单位核实处理。"]))
    content = "".join(p for p in parts if p)
    content = content.replace("，，", "，").replace("。，", "。").replace("，。", "。").replace("！，", "！")
    level = {"sms": 1.0, "mobile": 0.8, "phone": 0.2, "web": 0.5, "walk_in": 0.2, "letter": 0.1}.get(channel, 0.5)
    content = _roughen(content, rng, level)
    title = core if len(core) <= 24 else core[:22] + "…"
    if kind == "consult" and rng.random() < 0.5:
        title = "咨询" + title[:22]
    return Draft(kind=kind, title=title[:100], content=content[:4900])
