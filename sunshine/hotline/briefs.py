"""Briefs of the hotline (简报、专报, seed 003: "上报市长热线专报16期、市长热线简报37期"): a monthly brief (简报) of
the period's figures, and a special report (专报) on one matter of the dispatch catalogue. Each holds the period's
indicators, the most frequent matters and places, the late departments and notable cases, all from grouped
queries; `generate` numbers it (第N期 per kind and year) and keeps the snapshot; `docx_bytes` writes the .docx."""

from __future__ import annotations

import datetime as dt
import io

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from sunshine.core.statistics import _date_range
from sunshine.core.text import xml_safe
from sunshine.orgs.models import Department, Division
from sunshine.privacy.masking import mask_text

from .models import Brief, Callback, Matter, SupervisionOrder, Ticket
from .statistics import INDICATOR_FIGURES, INDICATORS, _town_of, indicators, total

TOP = 5
NOTABLE = 8


def _period(field: str, start: dt.date, end: dt.date) -> dict:
    return _date_range(field, True, start, end)


def _pct(value) -> str | None:
    return None if value is None else str(value)


def _figures(row: dict) -> dict:
    return {**{f.code: row[f.code] for f in INDICATOR_FIGURES}, **{i.code: _pct(row[i.code]) for i in INDICATORS}}


def compose(*, start: dt.date, end: dt.date, matter: Matter | None = None) -> dict:
    """The brief's content as plain data (JSON): figures, top matters and places, late departments, notable
    cases, the indicators by department. A fixed number of queries whatever the number of tickets."""
    matter_ids = [matter.pk] if matter is not None else None
    tickets = Ticket.objects.filter(**_period("received_at", start, end))
    if matter is not None:
        tickets = tickets.filter(matter=matter)
    received = tickets.count()

    top_matters = list(tickets.exclude(matter=None).values("matter__name").annotate(n=Count("pk"))
                       .order_by("-n", "matter__name")[:TOP])
    places = list(tickets.exclude(place=None).annotate(town=_town_of("place")).values("town")
                  .annotate(n=Count("pk")).order_by("-n", "town")[:TOP])
    town_names = dict(Division.objects.filter(pk__in=[p["town"] for p in places]).values_list("pk", "name"))

    late_qs = Ticket.objects.all() if matter is None else Ticket.objects.filter(matter=matter)
    late_reply = (late_qs.filter(reply_clock__outcome="late", closed_directly=False,
                                 **_period("replied_at", start, end))
                  .values("department_id").annotate(n=Count("pk")))
    late_sign = (late_qs.filter(sign_clock__outcome="late", **_period("signed_at", start, end))
                 .values("department_id").annotate(n=Count("pk")))
    late: dict[int, dict] = {}
    for key, rows in (("late_replies", late_reply), ("late_signs", late_sign)):
        for row in rows:
            if row["department_id"] is not None:
                late.setdefault(row["department_id"], {"late_replies": 0, "late_signs": 0})[key] = row["n"]
    by_department = indicators(group_by=("department",), start=start, end=end, matter_ids=matter_ids)
    names = dict(Department.objects.filter(pk__in={*late, *[r["department_id"] for r in by_department]})
                 .values_list("pk", "name"))
    late_rows = sorted(({"department": names.get(pk, ""), **v, "total": v["late_replies"] + v["late_signs"]}
                        for pk, v in late.items()), key=lambda r: (-r["total"], r["department"]))

    orders = SupervisionOrder.objects.filter(**_period("issued_at", start, end)).select_related("ticket",
                                                                                               "department")
    unsatisfied = Callback.objects.filter(satisfaction=Callback.Satisfaction.UNSATISFIED,
                                          **_period("made_at", start, end)).select_related("ticket__department")
    if matter is not None:
        orders, unsatisfied = orders.filter(ticket__matter=matter), unsatisfied.filter(ticket__matter=matter)
    notable = [{"kind": o.get_kind_display(), "tracking_code": o.ticket.tracking_code,
                "title": mask_text(o.ticket.title), "department": o.department.name,
                "note": mask_text(o.reason)[:120], "date": timezone.localtime(o.issued_at).date().isoformat()}
               for o in orders.order_by("issued_at", "id")[:NOTABLE]]
    notable += [{"kind": "回访不满意", "tracking_code": c.ticket.tracking_code, "title": mask_text(c.ticket.title),
                 "department": c.ticket.department.name if c.ticket.department_id else "",
                 "note": mask_text(c.note)[:120], "date": timezone.localtime(c.made_at).date().isoformat()}
                for c in unsatisfied.order_by("made_at", "id")[:max(0, NOTABLE - len(notable))]]

    summary = total(start=start, end=end, matter_ids=matter_ids)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "matter": matter.name if matter is not None else "",
        "figures": _figures(summary),
        "received": received,
        "top_matters": [{"name": m["matter__name"], "count": m["n"],
                         "share": f"{m['n'] * 100 / received:.1f}" if received else "0.0"} for m in top_matters],
        "top_places": [{"name": town_names.get(p["town"], ""), "count": p["n"],
                        "share": f"{p['n'] * 100 / received:.1f}" if received else "0.0"} for p in places],
        "late_departments": late_rows,
        "notable": notable,
        "by_department": [{"department": names.get(r["department_id"], "热线办（未派单、直接办结）"),
                           **_figures(r)} for r in by_department],
    }


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _title(kind: str, year: int, number: int, start: dt.date, end: dt.date, matter: Matter | None) -> str:
    if start.day == 1 and end == month_bounds(start.year, start.month)[1]:
        period = f"{start:%Y年%-m月}"
    else:
        period = f"{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}"
    if kind == Brief.Kind.SPECIAL:
        return f"12345热线专报 {year}年第{number}期：{matter.name if matter else ''}（{period}）"
    return f"12345热线简报 {year}年第{number}期（{period}）"


def generate(*, kind: str, start: dt.date, end: dt.date, actor, matter: Matter | None = None) -> Brief:
    """Compose and keep a brief, numbered 第N期 within its kind and year (a concurrent one takes the next)."""
    data = compose(start=start, end=end, matter=matter if kind == Brief.Kind.SPECIAL else None)
    year = end.year
    for _ in range(5):
        number = (Brief.objects.filter(kind=kind, year=year).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        try:
            with transaction.atomic():
                return Brief.objects.create(kind=kind, year=year, number=number, period_start=start,
                                            period_end=end, matter=matter if kind == Brief.Kind.SPECIAL else None,
                                            title=_title(kind, year, number, start, end, matter), data=data,
                                            created_by=actor if getattr(actor, "pk", None) else None)
        except IntegrityError:
            continue
    raise RuntimeError("could not number the brief")  # pragma: no cover


def indicator_rows(data: dict) -> list[dict]:
    """The indicators of a brief: label, rate, numerator and denominator."""
    figures = data["figures"]
    return [{"label": i.label, "rate": figures[i.code], "numerator": figures[i.numerator],
             "denominator": figures[i.denominator], "formula": i.formula} for i in INDICATORS]


def docx_bytes(brief: Brief) -> bytes:
    """The brief as .docx (python-docx): title, the figures in words, tables of the indicators, matters, places,
    late departments and notable cases."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    data = brief.data
    document = Document()
    document.core_properties.title = xml_safe(brief.title)
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(xml_safe(brief.title))
    run.bold, run.font.size = True, Pt(20)
    document.add_paragraph(xml_safe(summary_text(brief)))

    def table(title: str, header: list[str], rows: list[list]) -> None:
        document.add_paragraph().add_run(title).bold = True
        if not rows:
            document.add_paragraph("（无）")
            return
        t = document.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, value in zip(t.add_row().cells, row, strict=True):
                cell.text = xml_safe("—" if value is None else str(value))

    table("一、主要指标", ["指标", "比率（%）", "分子", "分母"],
          [[r["label"], r["rate"], r["numerator"], r["denominator"]] for r in indicator_rows(data)])
    table("二、诉求最多的事项", ["事项", "件数", "占比（%）"],
          [[m["name"], m["count"], m["share"]] for m in data["top_matters"]])
    table("三、诉求最多的乡镇（街道）", ["乡镇（街道）", "件数", "占比（%）"],
          [[p["name"], p["count"], p["share"]] for p in data["top_places"]])
    table("四、超期部门", ["部门", "答复超期", "签收超期", "合计"],
          [[d["department"], d["late_replies"], d["late_signs"], d["total"]] for d in data["late_departments"]])
    table("五、典型案例", ["类别", "工单", "诉求", "承办部门", "说明", "日期"],
          [[c["kind"], c["tracking_code"], c["title"], c["department"], c["note"], c["date"]]
           for c in data["notable"]])
    formulas = "；".join(f"{i.label}＝{i.formula}（{i.date_basis}）" for i in INDICATORS)
    document.add_paragraph(f"统计口径：{formulas}。")
    signature = document.add_paragraph(f"县12345热线办公室　{timezone.localtime(brief.created_at):%Y年%-m月%-d日}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_text(brief: Brief) -> str:
    """The brief's first paragraph: the period's figures in words."""
    f = brief.data["figures"]
    start, end = (dt.date.fromisoformat(brief.data["period"][k]) for k in ("start", "end"))
    scope = f"“{brief.data['matter']}”类诉求" if brief.data.get("matter") else "群众诉求"
    pct = lambda v: f"{v}%" if v is not None else "—"  # noqa: E731
    return (f"{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}，12345热线共受理{scope}{f['received']}件，"
            f"其中当场直接办结{f['closed_directly']}件，重复来电并单{f['merged']}件；派单{f['lead_dispatches']}次，"
            f"退单{f['returned']}次；答复{f['replied']}件，按时办结率{pct(f['on_time_rate'])}；"
            f"回访{f['callbacks']}人次，满意率{pct(f['satisfaction_rate'])}，解决率{pct(f['resolve_rate'])}。")


__all__ = ["compose", "docx_bytes", "generate", "indicator_rows", "month_bounds", "summary_text"]
