"""The statutory time rules of a disclosure request (2019 regulations), as pure functions over the working-day
calendar (`sunshine.workcalendar.services`). DOMAIN.md §3 and §5.

- Receipt (Art. 31): in person or oral → the day submitted; internet, fax, ordinary letter → the day both sides
  confirm, which the platform takes as the day of arrival when that is a working day, otherwise the next working
  day [P]; registered post → the day signed for (entered by the clerk).
- Reply (Art. 33): 20 working days after receipt, the day of receipt not counted.
- Supplement notice (Art. 30): within 7 working days of receipt; the reply limit is counted afresh from the day
  the supplement is received.
- Consultation (Art. 32, 34): 15 working days from the day the consulted party receives the letter (送达之日; the
  same day for online or in-person delivery, the signed-for day for post); not counted in the reply limit (the
  reply clock is paused from the day the letter is sent).
- Extension (Art. 33): at most 20 working days, once, and only before the reply limit has passed; the same for a
  reasonable delay (Art. 35).
- Reasons (Art. 35): before an "excessive" decision the applicant is asked to state reasons within a period
  (default 10 working days [P]); the reply limit keeps running.
- Fee (国办函〔2020〕109号): the applicant pays within 20 working days counted from the day after they receive
  the notice; the time between the notice and the payment is not counted in the reply limit (our reading: the
  reply clock is paused).
"""

from __future__ import annotations

import datetime as dt

from sunshine.workcalendar.services import DueDate, add_working_days, next_working_day

REPLY_LIMIT_DAYS = 20
SUPPLEMENT_NOTICE_DAYS = 7
DEFAULT_SUPPLEMENT_PERIOD_DAYS = 10  # [P] "合理的补正期限": configurable per notice
CONSULTATION_DAYS = 15
EXTENSION_MAX_DAYS = 20
FEE_PAYMENT_DAYS = 20
DEFAULT_REASONS_PERIOD_DAYS = 10  # [P] Art. 35 names no period: a reasonable one, configurable per notice
REASONS_PERIOD_MAX_DAYS = 30

# Channels whose receipt date is the day of submission (Art. 31(1)); the others are confirmed on a working day.
SAME_DAY_CHANNELS = frozenset({"in_person", "oral"})


def receipt_date(*, channel: str, submitted_on: dt.date) -> dt.date:
    """收到申请之日 (Art. 31)."""
    if channel in SAME_DAY_CHANNELS:
        return submitted_on
    return next_working_day(submitted_on)


def reply_due(received_on: dt.date, *, limit_days: int = REPLY_LIMIT_DAYS) -> DueDate:
    """答复期限 (Art. 33): the 20th working day after receipt."""
    return add_working_days(received_on, limit_days)


def supplement_notice_deadline(received_on: dt.date) -> DueDate:
    """一次性告知补正的最后一日 (Art. 30): the 7th working day after receipt."""
    return add_working_days(received_on, SUPPLEMENT_NOTICE_DAYS)


def supplement_due(notice_on: dt.date, period_days: int) -> DueDate:
    """补正期限: the applicant's period, in working days after the notice."""
    return add_working_days(notice_on, period_days)


def consultation_due(delivered_on: dt.date) -> DueDate:
    """征求意见答复期限 (Art. 32, 34): 15 working days from the day the consulted party receives the letter (the
    day of receipt not counted): a letter sent 2026-06-17 and signed for 06-22 → 07-13."""
    return add_working_days(delivered_on, CONSULTATION_DAYS)


def fee_payment_due(delivered_on: dt.date) -> DueDate:
    """缴费期限 (国办函〔2020〕109号): 20 working days counted from the day after the applicant receives the notice."""
    return add_working_days(delivered_on, FEE_PAYMENT_DAYS)


def reasons_due(notice_on: dt.date, period_days: int) -> DueDate:
    """说明理由期限 (Art. 35): the applicant's period, in working days after the notice."""
    return add_working_days(notice_on, period_days)


def supplement_received_on(*, online: bool, submitted_on: dt.date) -> dt.date:
    """收到补正之日: a supplement sent online on a non-working day is received on the next working day, as an online
    application is (Art. 31(3), DOMAIN.md §5 [P]); on paper: the day the clerk enters (signed for, handed in)."""
    return next_working_day(submitted_on) if online else submitted_on


def reply_limit_passed(*, due_date: dt.date, on: dt.date, paused_on: dt.date | None = None) -> bool:
    """Whether the reply limit ending on `due_date` has passed on `on` (an extension, Art. 33, or a reasonable
    delay, Art. 35, must come before it). The limit ends with its last day; a clock paused on or before its last
    day (consultation, fee) has not run out however long the pause lasts."""
    return (paused_on if paused_on is not None else on) > due_date
