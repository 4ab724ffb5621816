"""Table 2 of the annual report (二、主动公开政府信息情况, 国办公开办函〔2021〕30号) from the apps' statistics
providers: publications (第二十条第（一）项: 规章, 行政规范性文件), gov_services (（五） 行政许可 decisions,
（八） 行政事业性收费 in 万元). （六） 行政处罚, 行政强制 come from no installed app: shown as "—" with a note,
never a made-up number.
Plain data only; the reports app imports no domain model."""

from __future__ import annotations

from dataclasses import dataclass, field

from sunshine.core.statistics import provider

PUBLICATIONS_APP = "publications"
SERVICES_APP = "gov_services"
PENALTY_APP = "penalties"
MISSING = "—"


@dataclass
class ProactiveTable:
    year: int
    department: object  # orgs.Department or None (county-wide)
    documents: list[dict]  # （一）: key, label, made, abolished, in_force (ints, or "—")
    licensing: object  # （五）: int or "—"
    enforcement: list[dict]  # （六）: key, label, decisions ("—" while no app provides them)
    fees_wan: str  # （八）: 万元, two decimals as text, or "—"
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = self.department
        return {
            "year": self.year,
            "department": None if d is None else {"code": d.code, "name": d.name},
            "sections": [
                {"key": "article_20_1", "label": "第二十条第（一）项",
                 "columns": [{"key": "made", "label": "本年制发件数"}, {"key": "abolished", "label": "本年废止件数"},
                             {"key": "in_force", "label": "现行有效件数"}],
                 "rows": self.documents},
                {"key": "article_20_5", "label": "第二十条第（五）项",
                 "columns": [{"key": "decisions", "label": "本年处理决定数量"}],
                 "rows": [{"key": "licensing", "label": "行政许可", "decisions": self.licensing}]},
                {"key": "article_20_6", "label": "第二十条第（六）项",
                 "columns": [{"key": "decisions", "label": "本年处理决定数量"}],
                 "rows": self.enforcement},
                {"key": "article_20_8", "label": "第二十条第（八）项",
                 "columns": [{"key": "amount_wan", "label": "本年收费金额（单位：万元）"}],
                 "rows": [{"key": "fees", "label": "行政事业性收费", "amount_wan": self.fees_wan}]},
            ],
            "notes": list(self.notes),
        }


def proactive_table(*, year: int, department) -> ProactiveTable:
    ids = None if department is None else [department.pk]
    notes = []
    publications = provider(PUBLICATIONS_APP)
    compute = getattr(publications, "proactive_disclosure_table", None)
    if compute is None:
        documents = [{"key": k, "label": label, "made": MISSING, "abolished": MISSING, "in_force": MISSING}
                     for k, label in (("rules", "规章"), ("normative", "行政规范性文件"))]
        notes.append("未启用主动公开模块，第二十条第（一）项无数据。")
    else:
        documents = compute(year=year, department_ids=ids)
        notes.append("第二十条第（一）项：体裁为“规范性文件”（规章：体裁代码 rules，县级一般无规章制定权）"
                     "的已发布信息；"
                     "本年制发按生成日期，本年废止按首次标注“废止”或“失效”的修订时间，现行有效为年末前发布、"
                     "年末未撤回且当时有效的（有效性为“有效”，或在年末之后才废止、失效）。")
    services = provider(SERVICES_APP)
    licensing = getattr(services, "licensing_decisions", None)
    fees = getattr(services, "annual_fee_table", None)
    licensing_value = licensing(year=year, department_ids=ids) if licensing else MISSING
    fees_wan = fees(year=year, department_ids=ids)["total"]["amount_wan"] if fees else MISSING
    if services is None:
        notes.append("未启用政务服务模块，第二十条第（五）项、第（八）项无数据。")
    else:
        notes.append("第二十条第（五）项：事项类型为行政许可、决定日期在本年的准予许可和不予许可决定（不予受理不计）；"
                     "第二十条第（八）项：缴款日期在本年的实收金额。")
    penalties = provider(PENALTY_APP)
    enforcement_compute = getattr(penalties, "enforcement_decisions", None)
    if enforcement_compute is None:
        enforcement = [{"key": "penalty", "label": "行政处罚", "decisions": MISSING},
                       {"key": "coercion", "label": "行政强制", "decisions": MISSING}]
        notes.append("第二十条第（六）项：未安装行政处罚、行政强制模块，本系统无相应数据，请按执法系统数据填报。")
    else:
        enforcement = enforcement_compute(year=year, department_ids=ids)
    return ProactiveTable(year=year, department=department, documents=documents, licensing=licensing_value,
                          enforcement=enforcement, fees_wan=fees_wan, notes=notes)
