"""The indicator page's reads (考核指标): the filters (period in months, grouping, department, town), the rows with
their names, and the .xlsx export; the figures come from the statistics provider (`statistics.indicators`)."""

from __future__ import annotations

import datetime as dt
import io
import re

from django import forms

from sunshine.core.text import spreadsheet_cell
from sunshine.orgs.models import Department, Division

from .statistics import INDICATOR_FIGURES, INDICATOR_GROUPS, INDICATORS, indicators, total

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_MONTHS = 36


def month_bounds(value: str) -> tuple[dt.date, dt.date]:
    """"2026-10" → (2026-10-01, 2026-10-31); ValueError otherwise."""
    found = MONTH.match(value or "")
    if not found:
        raise ValueError(value)
    year, month = int(found[1]), int(found[2])
    first = dt.date(year, month, 1)  # ValueError for month 13
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def _month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class IdChoiceField(forms.ModelChoiceField):
    """A row by id: text that is not a positive 32-bit number is refused before the query (10**30 overflows)."""

    def to_python(self, value):
        text = str(value or "").strip()
        if text and not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IndicatorFilterForm(forms.Form):
    """The filters of the indicator page (GET)."""

    start = forms.CharField(label="起始月份", max_length=7, error_messages={"required": "请填写起始月份。"})
    end = forms.CharField(label="截止月份", max_length=7, error_messages={"required": "请填写截止月份。"})
    group = forms.ChoiceField(label="统计维度", choices=list(INDICATOR_GROUPS.items()), required=False,
                              error_messages={"invalid_choice": "统计维度无效。"})
    department = IdChoiceField(label="承办部门", required=False, empty_label="全部部门",
                                        queryset=Department.objects.filter(is_active=True).order_by("code"),
                                        error_messages={"invalid_choice": "没有这个部门。"})
    town = IdChoiceField(label="乡镇（街道）", required=False, empty_label="全部乡镇",
                                  queryset=Division.objects.filter(level=Division.Level.TOWN).order_by("code"),
                                  error_messages={"invalid_choice": "没有这个乡镇。"})

    def _month(self, name: str, label: str):
        value = self.cleaned_data[name].strip()
        try:
            return month_bounds(value)
        except ValueError:
            raise forms.ValidationError(f"{label}格式应为“年-月”，如 2026-10。") from None

    def clean_start(self):
        return self._month("start", "起始月份")[0]

    def clean_end(self):
        return self._month("end", "截止月份")[1]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", "截止月份不能早于起始月份。")
            elif _month_add(start, MAX_MONTHS) <= end:
                self.add_error("end", f"一次最多统计{MAX_MONTHS}个月。")
        data["group"] = data.get("group") or "department"
        return data

    def query(self) -> dict:
        d = self.cleaned_data
        return {"start": d["start"], "end": d["end"],
                "department_ids": [d["department"].pk] if d.get("department") else None,
                "town_ids": [d["town"].pk] if d.get("town") else None}


def default_period(today: dt.date) -> dict:
    """The last full month."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return {"start": f"{last:%Y-%m}", "end": f"{last:%Y-%m}", "group": "department"}


def _names(rows: list[dict], group: str) -> dict:
    if group == "department":
        ids = {r["department_id"] for r in rows if r["department_id"] is not None}
        return dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
    if group == "town":
        ids = {r["town_id"] for r in rows if r["town_id"] is not None}
        return dict(Division.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {}


NONE_LABELS = {"department": "热线办（未派单、直接办结）", "town": "未填写地点"}


def table(query: dict, group: str) -> dict:
    """The page's table: one row per group (named), and the total row, each with every indicator's numerator,
    denominator and rate: twelve grouped queries (six for the groups, six for the total) and one for the names,
    whatever the number of tickets."""
    rows = indicators(group_by=(group,), **query)
    names = _names(rows, group)
    key = {"department": "department_id", "town": "town_id", "month": "month"}[group]
    for row in rows:
        value = row[key]
        if group == "month":
            row["label"] = value
        else:
            row["label"] = names.get(value, NONE_LABELS[group]) if value is not None else NONE_LABELS[group]
        row["cells"] = [{"indicator": i, "numerator": row[i.numerator], "denominator": row[i.denominator],
                         "rate": row[i.code]} for i in INDICATORS]
    summary = total(**query)
    summary["label"] = "合计"
    summary["cells"] = [{"indicator": i, "numerator": summary[i.numerator], "denominator": summary[i.denominator],
                         "rate": summary[i.code]} for i in INDICATORS]
    return {"rows": rows, "total": summary, "indicators": INDICATORS, "group_label": INDICATOR_GROUPS[group]}


def figure_label(code: str) -> str:
    return next(f.label for f in INDICATOR_FIGURES if f.code == code)


def formulas() -> list[dict]:
    """Each indicator's formula for the page and the export: numerator and denominator (the figures' own
    definitions) and the date that places a ticket in a period."""
    figures = {f.code: f for f in INDICATOR_FIGURES}
    return [{"indicator": i, "numerator": figures[i.numerator], "denominator": figures[i.denominator]}
            for i in INDICATORS]


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def workbook_bytes(data: dict, *, title: str) -> bytes:
    """考核指标 on the first sheet (per indicator: 分子, 分母, 比率), the formulas (指标口径) on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "考核指标"
    ws.cell(row=1, column=1, value=spreadsheet_cell(title)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=spreadsheet_cell(data["group_label"].removeprefix("按")))
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    for n, indicator in enumerate(data["indicators"]):
        column = 2 + 3 * n
        ws.cell(row=2, column=column, value=indicator.label).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + 2)
        for offset, label in enumerate((figure_label(indicator.numerator), figure_label(indicator.denominator),
                                        "比率（%）")):
            ws.cell(row=3, column=column + offset, value=label)
    for r, row in enumerate([*data["rows"], data["total"]], start=4):
        ws.cell(row=r, column=1, value=spreadsheet_cell(str(row["label"])))
        for n, cell in enumerate(row["cells"]):
            column = 2 + 3 * n
            ws.cell(row=r, column=column, value=cell["numerator"])
            ws.cell(row=r, column=column + 1, value=cell["denominator"])
            ws.cell(row=r, column=column + 2, value=float(cell["rate"]) if cell["rate"] is not None else None)
    ws.column_dimensions["A"].width = 28
    sheet = wb.create_sheet("指标口径")
    sheet.append(["指标", "计算公式", "分子", "分母", "统计期间依据"])
    for f in formulas():
        numerator, denominator = f["numerator"], f["denominator"]
        sheet.append([f["indicator"].label, f["indicator"].formula, f"{numerator.label}：{numerator.numerator}",
                      f"{denominator.label}：{denominator.numerator}", f["indicator"].date_basis])
    for letter, width in zip("ABCDE", (12, 48, 48, 48, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class BriefForm(forms.Form):
    """编制简报或专报: the kind, the months, the matter of a 专报."""

    kind = forms.ChoiceField(label="类型", choices=[("monthly", "简报（月度）"), ("special", "专报（专项事项）")],
                             error_messages={"required": "请选择类型。", "invalid_choice": "类型无效。"})
    start = forms.CharField(label="起始月份", max_length=7, error_messages={"required": "请填写起始月份。"})
    end = forms.CharField(label="截止月份", max_length=7, required=False, help_text="简报不填即为起始月份当月")
    matter = IdChoiceField(label="专报事项", required=False, queryset=None, empty_label="（简报不选）",
                                    error_messages={"invalid_choice": "派单目录中没有这个事项。"})

    def __init__(self, *args, **kwargs):
        from .models import Matter

        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.filter(is_active=True).order_by("code")

    def clean_start(self):
        try:
            return month_bounds(self.cleaned_data["start"].strip())[0]
        except ValueError:
            raise forms.ValidationError("起始月份格式应为“年-月”，如 2026-10。") from None

    def clean_end(self):
        value = self.cleaned_data["end"].strip()
        if not value:
            return None
        try:
            return month_bounds(value)[1]
        except ValueError:
            raise forms.ValidationError("截止月份格式应为“年-月”，如 2026-10。") from None

    def clean(self):
        data = super().clean()
        start = data.get("start")
        if start and not data.get("end") and "end" not in self.errors:
            data["end"] = month_bounds(f"{start:%Y-%m}")[1]
        if start and data.get("end"):
            if start > data["end"]:
                self.add_error("end", "截止月份不能早于起始月份。")
            elif _month_add(start, 12) <= data["end"]:
                self.add_error("end", "一期简报或专报最多统计12个月。")
        if data.get("kind") == "special" and not data.get("matter") and "matter" not in self.errors:
            self.add_error("matter", "专报请选择专项事项。")
        return data
