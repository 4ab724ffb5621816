"""Fees of government services (收费): the standard as data, the amount it makes due, and the payment record
(票款分离: the window never takes money).

- The standard (`ServiceItemVersion.fee_schedule`, checked by `validate_fee_schedule`) is published with the guide
  beside its basis (收费依据): 不收费, a fixed amount, an amount per unit (a unit name and the form field that gives
  the quantity, with an optional minimum and maximum), or tiers (the quantity's bracket gives the amount).
- `amount_due(version, form)` computes the amount in fen (分) when the application is registered
  (`Application.fee_due`); a running case keeps it with its version.
- `application_record_fee`: the applicant paid at the payment window (缴费窗口) or through the non-tax income system
  (非税收入系统); the window records the reference, which the configured backend (`GOV_SERVICES_FEE_BACKEND`, the
  `FeeBackend` interface; `LocalFeeBackend` by default: records locally, no network) confirms. An amount other than
  the standard's is refused in Chinese; where the window must record what was really paid (`as_paid=True`), it is
  recorded with `outside_standard` and the case is flagged (电子监察, `FlagKind.FEE_OUTSIDE_STANDARD`).
- A case that owes a fee (a fee due, not refused, not paid) cannot be delivered nor completed (`check_paid`).
- `annual_fee_table(year=, department_ids=)`: the sums per item and department for the annual report's table 2
  (行政事业性收费, 万元), read through the statistics provider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from sunshine.core.errors import DomainError
from sunshine.core.text import has_visible_text

KINDS = {"none": "不收费", "fixed": "定额", "per_unit": "按单位计收", "tiered": "分档计收"}
FEN = Decimal("0.01")
MAX_FEN = 10**11  # one billion yuan: beyond any county fee


class FeeScheduleError(ValueError):
    """A fee standard that cannot be applied (Chinese message)."""


def _yuan(value, what: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise FeeScheduleError(f"{what}应为金额（元），例如 80 或 12.50。") from exc
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(FEN) or amount * 100 >= MAX_FEN:
        raise FeeScheduleError(f"{what}应为不小于0、最多两位小数的金额（元）。")
    return amount


def to_fen(value) -> int:
    """'12.5' (元) → 1250 (分); a Chinese error for anything else."""
    try:
        return int(_yuan(value, "金额") * 100)
    except FeeScheduleError as exc:
        raise DomainError(str(exc), code="invalid", field="amount") from exc


def yuan(fen: int) -> str:
    """1250 → '12.50'."""
    return f"{Decimal(fen) / 100:.2f}"


def wan_yuan(fen: int) -> Decimal:
    """Fen → 万元 with four decimals (exact to the yuan), as the annual report's table 2 shows amounts."""
    return (Decimal(fen) / 1_000_000).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def validate_fee_schedule(schedule, form_fields=()) -> dict:
    """The cleaned standard, or FeeScheduleError in Chinese. `form_fields`: the version's form (the quantity field
    must be one of its integer fields)."""
    if not schedule:
        return {"kind": "none"}
    if not isinstance(schedule, dict):
        raise FeeScheduleError("收费标准应为一个对象。")
    kind = schedule.get("kind")
    if kind not in KINDS:
        raise FeeScheduleError("收费方式只能是：不收费、定额、按单位计收、分档计收。")
    if kind == "none":
        return {"kind": "none"}
    if kind == "fixed":
        amount = _yuan(schedule.get("amount"), "收费金额")
        if amount == 0:
            raise FeeScheduleError("定额收费的金额应大于0；不收费请选“不收费”。")
        return {"kind": "fixed", "amount": f"{amount:.2f}"}
    unit = str(schedule.get("unit") or "").strip()
    if not has_visible_text(unit):
        raise FeeScheduleError("请填写计费单位（如：平方米、件）。")
    field = str(schedule.get("quantity_field") or "").strip()
    declared = {f.get("name"): f for f in form_fields or ()}
    if form_fields and (field not in declared or declared[field].get("type") != "integer"):
        raise FeeScheduleError(f"计费数量应取自申请表中的一个整数字段（“{field}”不是）。")
    if not field:
        raise FeeScheduleError("请指定给出计费数量的申请表字段。")
    cleaned = {"kind": kind, "unit": unit, "quantity_field": field}
    if kind == "per_unit":
        price = _yuan(schedule.get("unit_price"), "单价")
        if price == 0:
            raise FeeScheduleError("单价应大于0。")
        cleaned["unit_price"] = f"{price:.2f}"
        for bound, label in (("minimum", "最低收费"), ("maximum", "最高收费")):
            if schedule.get(bound) not in (None, ""):
                cleaned[bound] = f"{_yuan(schedule[bound], label):.2f}"
        if "minimum" in cleaned and "maximum" in cleaned and Decimal(cleaned["minimum"]) > Decimal(
                cleaned["maximum"]):
            raise FeeScheduleError("最低收费不能高于最高收费。")
        return cleaned
    tiers = schedule.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        raise FeeScheduleError("分档计收须列出各档。")
    out, previous = [], 0
    for n, tier in enumerate(tiers, 1):
        if not isinstance(tier, dict):
            raise FeeScheduleError(f"第{n}档格式不正确。")
        up_to = tier.get("up_to")
        last = n == len(tiers)
        if up_to is None:
            if not last:
                raise FeeScheduleError(f"第{n}档：只有最后一档可以不设上限。")
        elif not isinstance(up_to, int) or isinstance(up_to, bool) or up_to <= previous:
            raise FeeScheduleError(f"第{n}档：上限应为大于上一档的整数。")
        else:
            previous = up_to
        out.append({"up_to": up_to, "amount": f"{_yuan(tier.get('amount'), f'第{n}档金额'):.2f}"})
    if out[-1]["up_to"] is not None:
        raise FeeScheduleError("最后一档不应设上限（超过上一档的全部数量）。")
    cleaned["tiers"] = out
    return cleaned


def describe(schedule) -> str:
    """The standard in words, for the guide (e.g. “每平方米3.00元，最低50.00元”)."""
    try:
        s = validate_fee_schedule(schedule)
    except FeeScheduleError:
        return ""
    if s["kind"] == "none":
        return "不收费"
    if s["kind"] == "fixed":
        return f"每件{s['amount']}元"
    if s["kind"] == "per_unit":
        text = f"每{s['unit']}{s['unit_price']}元"
        if "minimum" in s:
            text += f"，最低{s['minimum']}元"
        if "maximum" in s:
            text += f"，最高{s['maximum']}元"
        return text
    parts, low = [], 0
    for tier in s["tiers"]:
        if tier["up_to"] is None:
            parts.append(f"{low + 1}{s['unit']}以上{tier['amount']}元")
        else:
            parts.append(f"{low + 1}至{tier['up_to']}{s['unit']}{tier['amount']}元")
            low = tier["up_to"]
    return "；".join(parts)


def _quantity(schedule: dict, form: dict) -> Decimal:
    raw = (form or {}).get(schedule["quantity_field"])
    try:
        quantity = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise FeeScheduleError(f"计费数量（{schedule['unit']}）未填写或不是数字。") from exc
    if not quantity.is_finite() or quantity < 0:
        raise FeeScheduleError(f"计费数量（{schedule['unit']}）不能为负数。")
    return quantity


def amount_due(schedule, form: dict) -> int:
    """The amount (fen) the standard makes due for an application's form data; 0 for 不收费."""
    s = validate_fee_schedule(schedule)
    if s["kind"] == "none":
        return 0
    if s["kind"] == "fixed":
        return int(Decimal(s["amount"]) * 100)
    quantity = _quantity(s, form)
    if s["kind"] == "per_unit":
        amount = (quantity * Decimal(s["unit_price"])).quantize(FEN, rounding=ROUND_HALF_UP)
        if "minimum" in s:
            amount = max(amount, Decimal(s["minimum"]))
        if "maximum" in s:
            amount = min(amount, Decimal(s["maximum"]))
        return int(amount * 100)
    for tier in s["tiers"]:
        if tier["up_to"] is None or quantity <= tier["up_to"]:
            return int(Decimal(tier["amount"]) * 100)
    raise FeeScheduleError("计费数量超出分档范围。")  # pragma: no cover (the last tier has no upper bound)


# --- the payment backend (票款分离) ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Confirmation:
    """What the payment window or the non-tax income system confirms for a reference."""

    reference: str
    amount: int  # fen
    paid_on: dt.date
    receipt_number: str = ""


class FeeBackend(Protocol):
    """The adapter to the payment window / 非税收入系统 (`GOV_SERVICES_FEE_BACKEND`: a dotted path to a class)."""

    name: str

    def confirm(self, *, application, channel: str, reference: str, amount: int, paid_on: dt.date) -> Confirmation:
        """The payment under `reference`, or DomainError (Chinese) if the system knows none."""


class LocalFeeBackend:
    """The demo backend: no external system; the payment the window reports is the record (the `FeePayment` row
    is the local ledger), the receipt number is derived from the reference. No network."""

    name = "local"

    def confirm(self, *, application, channel: str, reference: str, amount: int, paid_on: dt.date) -> Confirmation:
        return Confirmation(reference=reference, amount=amount, paid_on=paid_on,
                            receipt_number=f"FS-{paid_on:%Y%m%d}-{reference[-8:]}")


def backend() -> FeeBackend:
    path = getattr(settings, "GOV_SERVICES_FEE_BACKEND", "") or "sunshine.gov_services.fees.LocalFeeBackend"
    return import_string(path)()


# --- services -----------------------------------------------------------------------------------------------------
def paid_amount(application) -> int:
    return sum(p.amount for p in application.fee_payments.all())


def owes_fee(application) -> bool:
    """A fee is due, the decision did not refuse, and nothing was paid."""
    if not application.fee_due or application.decision == "denied":
        return False
    return not application.fee_payments.exists()


def check_paid(application, what: str) -> None:
    if owes_fee(application):
        raise DomainError(f"该办件应缴费用{yuan(application.fee_due)}元尚未缴纳，不能{what}。",
                          code="fee_unpaid")


def application_record_fee(application, *, actor, amount, channel: str, reference: str,
                           paid_on: dt.date | None = None, as_paid: bool = False, note: str = ""):
    """登记缴费 (票款分离). `amount` in yuan (元); refused unless it is the standard's amount, or recorded with the
    flag when `as_paid` (the window records what was really paid)."""
    from . import integrity
    from .models import FeePayment, FlagKind
    from .workflow import WORKFLOW

    paid_on = paid_on or timezone.localdate()
    fen = to_fen(amount)
    reference = (reference or "").strip()
    if channel not in FeePayment.Channel.values:
        raise DomainError("请选择缴款渠道：缴费窗口或非税收入系统。", code="invalid", field="channel")
    if not has_visible_text(reference) or len(reference) > 60:
        raise DomainError("请填写缴款码或票据号（60字以内）。", code="invalid", field="reference")
    with WORKFLOW.step(application, "record_fee", actor=actor, reason=note) as step:
        app = step.obj
        due = app.fee_due
        if app.fee_payments.exists():
            raise DomainError("该办件已登记缴费。", code="already_paid")
        if due == 0 and not as_paid:
            raise DomainError("该事项按收费标准不收费，不能收取费用。", code="no_fee", field="amount")
        if fen != due and not as_paid:
            raise DomainError(f"缴费金额{yuan(fen)}元与收费标准核定的{yuan(due)}元不符，不能登记；"
                              "如确已按此金额缴纳，请勾选“按实际缴纳登记”，该办件将被标记供电子监察核查。",
                              code="fee_outside_standard", field="amount")
        if FeePayment.objects.filter(channel=channel, reference=reference).exists():
            raise DomainError("该缴款码/票据号已登记过，不能重复使用。", code="duplicate_reference", field="reference")
        gateway = backend()
        confirmation = gateway.confirm(application=app, channel=channel, reference=reference, amount=fen,
                                       paid_on=paid_on)
        outside = confirmation.amount != due
        payment = FeePayment.objects.create(
            application=app, department=app.department, item=app.item_version.item, amount=confirmation.amount,
            standard_amount=due, outside_standard=outside, channel=channel, reference=confirmation.reference,
            receipt_number=confirmation.receipt_number, backend=gateway.name, paid_on=confirmation.paid_on,
            note=note[:300], recorded_by=actor)
        step.audit(after={"amount": yuan(payment.amount), "standard": yuan(due), "channel": channel,
                          "reference": reference, "outside_standard": outside})
        if outside:
            integrity.raise_flag(app, FlagKind.FEE_OUTSIDE_STANDARD, on=paid_on, actor=actor,
                                 facts={"paid": yuan(payment.amount), "standard": yuan(due),
                                        "reference": reference})
    return step.obj


# --- annual report, table 2 (行政事业性收费) ------------------------------------------------------------------------
def annual_fee_table(*, year: int, department_ids=None) -> dict:
    """Sums of the payments of `year` (by `paid_on`) per item and department, in 万元; plain data. One query."""
    from django.db.models import Count, Q, Sum

    from .models import FeePayment

    payments = FeePayment.objects.filter(paid_on__year=year)
    if department_ids is not None:
        payments = payments.filter(department_id__in=list(department_ids))
    rows = list(payments.order_by().values("department_id", "department__name", "item__code", "item__name")
                .annotate(count=Count("pk"), fen=Sum("amount"),
                          outside=Count("pk", filter=Q(outside_standard=True)))
                .order_by("department__code", "item__code"))
    items, departments = [], {}
    for row in rows:
        items.append({"department_id": row["department_id"], "department": row["department__name"],
                      "item_code": row["item__code"], "item": row["item__name"], "payments": row["count"],
                      "outside_standard": row["outside"], "amount_fen": row["fen"],
                      "amount_wan": str(wan_yuan(row["fen"]))})
        d = departments.setdefault(row["department_id"], {"department_id": row["department_id"],
                                                          "department": row["department__name"], "items": 0,
                                                          "payments": 0, "amount_fen": 0})
        d["items"] += 1
        d["payments"] += row["count"]
        d["amount_fen"] += row["fen"]
    for d in departments.values():
        d["amount_wan"] = str(wan_yuan(d["amount_fen"]))
    total = sum(r["fen"] for r in rows)
    return {"year": year, "unit": "万元", "items": items, "departments": list(departments.values()),
            "total": {"items": len(items), "payments": sum(r["count"] for r in rows), "amount_fen": total,
                      "amount_wan": str(wan_yuan(total))}}
