"""Writes of participation (点题公开): every state change is here, audited and notified.

Flow: submitted (待转办) → forwarded (已转部门办理, feedback clock running) → answered (已答复) | published
(已公开) | declined (不予公开). Answered and published topics go on the echo wall (回音壁); declined ones never.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sunshine.accounts.scoping import has_capability, sees_all_departments
from sunshine.audit.services import record
from sunshine.clocks.services import clock_start, clock_stop
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.core.identity import normalize_mobile
from sunshine.core.text import has_visible_text
from sunshine.notify.services import notify

from .models import DEFAULT_FEEDBACK_DAYS, FEEDBACK_CLOCK_KIND, ParticipationSetting, TopicRequest
from .permissions import ANSWER, DISPATCH

Status = TopicRequest.Status

TITLE_MAX = 100
CONTENT_MIN, CONTENT_MAX = 10, 5000
ANSWER_MAX = 10000
URL_MAX = 300  # TopicRequest.publication_url

# action → (allowed source states, target state)
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "forward": (frozenset({Status.SUBMITTED}), Status.FORWARDED),
    "answer": (frozenset({Status.FORWARDED}), Status.ANSWERED),
    "publish": (frozenset({Status.FORWARDED}), Status.PUBLISHED),
    "decline": (frozenset({Status.FORWARDED}), Status.DECLINED),
}
ACTION_LABELS = {"forward": "转办", "answer": "答复", "publish": "公开", "decline": "不予公开"}


def ensure_transition(action: str, status: str) -> str:
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionNotAllowed(f"当前状态为“{Status(status).label}”，不能{ACTION_LABELS[action]}。")
    return target


def feedback_limit_days(office=None) -> int:
    """The feedback limit (点题反馈时限, working days) of `office` (a Department), else the default row, else 10."""
    condition = Q(office__isnull=True) | Q(office=office) if office is not None else Q(office__isnull=True)
    settings_rows = dict(ParticipationSetting.objects.filter(condition).values_list("office_id", "topic_feedback_days"))
    if office is not None and office.pk in settings_rows:
        return settings_rows[office.pk]
    return settings_rows.get(None, DEFAULT_FEEDBACK_DAYS)


def _required(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not has_visible_text(value):  # "\u200b\u200b" is no name either
        raise DomainError(f"请填写{label}。", code="required", field=field)
    return value


def _answer_text(value: str, field: str, label: str) -> str:
    value = _required(value, field, label)
    if len(value) > ANSWER_MAX:
        raise DomainError(f"{label}不能超过{ANSWER_MAX}个字。", code="too_long", field=field)
    return value


def _lock(topic: TopicRequest) -> TopicRequest:
    return TopicRequest.objects.select_for_update().get(pk=topic.pk)


def _check_department_scope(actor, topic: TopicRequest) -> None:
    if not has_capability(actor, ANSWER):
        raise CapabilityRequired("您没有答复点题的权限。")
    if not sees_all_departments(actor) and topic.department_id != getattr(actor, "department_id", None):
        raise CapabilityRequired("该点题不由您所在部门承办。")


def _sms(topic: TopicRequest, body: str) -> None:
    notify(channel="sms", body=body, phone=topic.phone, user=topic.user, related=topic)


@transaction.atomic
def topic_submit(*, citizen_name: str, phone: str, title: str, content: str, user=None) -> TopicRequest:
    """A citizen proposes a topic (提出点题). Validates again, whatever the caller checked."""
    citizen_name = _required(citizen_name, "citizen_name", "姓名")
    title = _required(title, "title", "点题标题")
    content = _required(content, "content", "希望公开的内容")
    if len(citizen_name) > 50:
        raise DomainError("姓名不能超过50个字。", code="too_long", field="citizen_name")
    if len(title) > TITLE_MAX:
        raise DomainError(f"点题标题不能超过{TITLE_MAX}个字。", code="too_long", field="title")
    if not CONTENT_MIN <= len(content) <= CONTENT_MAX:
        raise DomainError(f"希望公开的内容应为{CONTENT_MIN}至{CONTENT_MAX}个字。", code="length", field="content")
    try:
        phone = normalize_mobile(phone)
    except Exception as exc:  # django ValidationError with a Chinese message
        raise DomainError("手机号码无效：请填写11位中国大陆手机号码。", code="invalid_mobile", field="phone") from exc
    account = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    topic = TopicRequest.objects.create(citizen_name=citizen_name, phone=phone, title=title, content=content,
                                        user=account)
    topic.reference = f"DT{timezone.localdate():%Y}{topic.pk:06d}"
    topic.save(update_fields=["reference"])
    record(action="participation.topic.submit", target=topic, actor=account,
           after={"status": topic.status, "title": title})
    _sms(topic, f"您提出的点题“{title}”已收到，编号{topic.reference}。政务公开办将转交承办部门办理并反馈。")
    return topic


@transaction.atomic
def topic_forward(*, topic: TopicRequest, department, actor, note: str = "") -> TopicRequest:
    """The disclosure office forwards a topic to a department (转办) and starts the feedback clock."""
    if not has_capability(actor, DISPATCH):
        raise CapabilityRequired("您没有转办点题的权限。")
    if department is None or not department.is_active:
        raise DomainError("请选择启用中的承办部门。", code="invalid_department", field="department")
    topic = _lock(topic)
    target = ensure_transition("forward", topic.status)
    today = timezone.localdate()
    limit = feedback_limit_days(getattr(actor, "department", None))
    before = {"status": topic.status, "department": topic.department_id}
    topic.status, topic.department = target, department
    note = (note or "").strip()
    topic.forwarded_by, topic.forwarded_on, topic.office_note = actor, today, note if has_visible_text(note) else ""
    topic.save(update_fields=["status", "department", "forwarded_by", "forwarded_on", "office_note", "updated_at"])
    topic.feedback_clock = clock_start(kind=FEEDBACK_CLOCK_KIND, subject=topic, department=department,
                                       started_on=today, limit_days=limit, actor=actor,
                                       reason="点题转办", label=f"点题反馈：{topic.title}"[:200])
    topic.save(update_fields=["feedback_clock", "updated_at"])
    record(action="participation.topic.forward", target=topic, actor=actor, before=before,
           after={"status": topic.status, "department": department.pk, "limit_days": limit,
                  "due_date": topic.feedback_clock.due_date}, reason=topic.office_note, department=department)
    due = topic.feedback_clock.due_date
    for user in _answerers(department):
        notify(channel="inbox", subject="新的点题待反馈", user=user, related=topic,
               body=f"政务公开办转来点题“{topic.title}”（{topic.reference}），请于{due:%Y年%m月%d日}前反馈。")
    _sms(topic, f"您的点题{topic.reference}已转{department.name}办理，预计{due:%Y年%m月%d日}前反馈。")
    return topic


def _answerers(department):
    from sunshine.accounts.models import User

    app_label, codename = ANSWER.split(".")
    return list(User.objects.filter(department=department, is_active=True, kind=User.Kind.STAFF,
                                    groups__permissions__content_type__app_label=app_label,
                                    groups__permissions__codename=codename).distinct())


def _close(topic: TopicRequest, action: str, *, actor, fields: dict, reason: str = "") -> TopicRequest:
    topic = _lock(topic)
    target = ensure_transition(action, topic.status)
    _check_department_scope(actor, topic)
    today = timezone.localdate()
    before = {"status": topic.status, "public": topic.public}
    topic.status, topic.answered_by, topic.answered_on = target, actor, today
    topic.public = target in (Status.ANSWERED, Status.PUBLISHED)
    topic.published_on = today if topic.public else None
    for name, value in fields.items():
        setattr(topic, name, value)
    topic.save(update_fields=["status", "answered_by", "answered_on", "public", "published_on", *fields,
                              "updated_at"])
    if topic.feedback_clock_id:
        clock_stop(topic.feedback_clock, on=today, actor=actor, reason=f"点题已{Status(target).label}")
    record(action=f"participation.topic.{action}", target=topic, actor=actor, before=before,
           after={"status": topic.status, "public": topic.public, **fields}, reason=reason,
           department=topic.department)
    return topic


@transaction.atomic
def topic_answer(*, topic: TopicRequest, actor, answer: str) -> TopicRequest:
    """The department answers (答复); the answer goes on the echo wall."""
    answer = _answer_text(answer, "answer", "答复内容")
    topic = _close(topic, "answer", actor=actor, fields={"answer": answer})
    _sms(topic, f"您的点题{topic.reference}已由{topic.department.name}答复，可在回音壁查看。")
    return topic


def safe_link(url: str) -> bool:
    """A link shown on the public echo wall: a site path or an absolute http(s) URL. Refuses "//host" and "/\\host"
    (browsers read both as another site) and any whitespace or control character (browsers drop tabs and newlines,
    so "/<tab>/host" would become "//host")."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    if url.startswith("/"):
        return not url.startswith(("//", "/\\"))
    scheme, _, rest = url.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest) and not rest.startswith(("/", "\\"))


@transaction.atomic
def topic_publish(*, topic: TopicRequest, actor, answer: str, publication_url: str = "") -> TopicRequest:
    """The department publishes the information (予以公开), optionally linking to the published item."""
    answer = _answer_text(answer, "answer", "公开说明")
    url = (publication_url or "").strip()
    if len(url) > URL_MAX:
        raise DomainError(f"公开信息链接不能超过{URL_MAX}个字符。", code="too_long", field="publication_url")
    if url and not safe_link(url):
        raise DomainError("公开信息链接应为本站路径（以 / 开头）或 http(s):// 网址，且不能含空白或控制字符。",
                          code="invalid_url", field="publication_url")
    topic = _close(topic, "publish", actor=actor, fields={"answer": answer, "publication_url": url})
    _sms(topic, f"您的点题{topic.reference}所涉信息已由{topic.department.name}公开，可在回音壁查看。")
    return topic


@transaction.atomic
def topic_decline(*, topic: TopicRequest, actor, reason: str) -> TopicRequest:
    """The department declines with a reason (不予公开); never shown on the echo wall."""
    reason = _answer_text(reason, "reason", "不予公开的理由")
    topic = _close(topic, "decline", actor=actor, fields={"decline_reason": reason}, reason=reason)
    _sms(topic, f"您的点题{topic.reference}经{topic.department.name}研究不予公开，理由：{reason[:60]}")
    return topic


@transaction.atomic
def topic_hide(*, topic: TopicRequest, actor, reason: str) -> TopicRequest:
    """The office withdraws an answer from the echo wall (撤下回音壁), with a reason; the answer is kept."""
    if not has_capability(actor, DISPATCH):
        raise CapabilityRequired("您没有管理回音壁的权限。")
    reason = _required(reason, "reason", "撤下理由")
    topic = _lock(topic)
    if not topic.public:
        raise TransitionNotAllowed("该点题未在回音壁公开。")
    topic.public = False
    topic.save(update_fields=["public", "updated_at"])
    record(action="participation.topic.hide", target=topic, actor=actor, before={"public": True},
           after={"public": False}, reason=reason, department=topic.department)
    return topic
