"""The limits of a ticket (热线时限), DOMAIN.md §8 [L, configurable in 热线时限设置]: pure rules over the settings.

| clock | normal ticket | urgent ticket | obligor |
|---|---|---|---|
| 签收 `hotline.sign` | 1 working day after dispatch | 2 hours after dispatch | the department |
| 先行联系 `hotline.contact` | 1 working day after signing | 2 hours after signing | the department |
| 办理答复 `hotline.reply` | 5 working days after dispatch (+≤10 with approval) | 24 hours | the department |
| 退回重办 (same kind) | 3 working days after the send-back | same | the department |
| 重办 (same kind) | 5 working days after the reopening | same | the department |
| 督办回复 `hotline.supervision` | 3 working days after the order | same | the department |

The return window (退单时限) is not a clock (it is the department's right, not its duty): `return_until` is the
2nd working day after the dispatch day; a return on that day is in time, a return after it is refused.
Working days are counted after the day of the event (`sunshine.workcalendar`): a ticket dispatched on a Friday
evening before a holiday starts counting on the first working day after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sunshine.clocks.models import Clock
from sunshine.workcalendar.cache import current_calendar

from .models import HotlineSetting


@dataclass(frozen=True)
class Limit:
    unit: str
    amount: int


def current_settings() -> HotlineSetting:
    """The settings row, or the defaults (an unsaved row)."""
    return HotlineSetting.objects.order_by("pk").first() or HotlineSetting()


def sign_limit(*, urgent: bool, setting: HotlineSetting | None = None) -> Limit:
    s = setting or current_settings()
    return Limit(Clock.Unit.HOURS, s.urgent_sign_hours) if urgent else Limit(Clock.Unit.WORKING_DAYS, s.sign_days)


def contact_limit(*, urgent: bool, setting: HotlineSetting | None = None) -> Limit:
    s = setting or current_settings()
    if urgent:
        return Limit(Clock.Unit.HOURS, s.urgent_contact_hours)
    return Limit(Clock.Unit.WORKING_DAYS, s.contact_days)


def reply_limit(*, urgent: bool, setting: HotlineSetting | None = None) -> Limit:
    s = setting or current_settings()
    return Limit(Clock.Unit.HOURS, s.urgent_reply_hours) if urgent else Limit(Clock.Unit.WORKING_DAYS, s.reply_days)


def return_until(dispatched_on: dt.date, *, setting: HotlineSetting | None = None) -> dt.date:
    """The last day a wrongly dispatched ticket may be returned: the `return_days`-th working day after dispatch."""
    s = setting or current_settings()
    return current_calendar().add_working_days(dispatched_on, s.return_days).date
