"""Writes of participation (点题公开): every state change is here, audited and notified.

Flow: submitted (待转办) → forwarded (已转部门办理, feedback clock running) → answered (已答复) | published
(已公开) | declined (不予公开). Answered and published topics go on the echo wall (回音壁); declined ones never.
Every change of a topic runs through the transition table (`workflow.WORKFLOW.step`: the row locked, the table and
the policy checked, the status set by compare-and-set, the audit event with the from and to status).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.clocks.services import clock_start, clock_stop
from sunshine.core.errors import DomainError, TransitionNotAllowed
from sunshine.core.identity import normalize_mobile
from sunshine.core.text import has_visible_text
from sunshine.notify.services import notify

from .models import DEFAULT_FEEDBACK_DAYS, FEEDBACK_CLOCK_KIND, ParticipationSetting, TopicRequest
from .permissions import ANSWER
from .workflow import WALL_STATES, WORKFLOW, Status

TITLE_MAX = 100
CONTENT_MIN, CONTENT_MAX = 10, 5000
ANSWER_MAX = 10000
URL_MAX = 300  # TopicRequest.publication_url

# the Chinese names of the status changes (audit labels), from the transition table
ACTION_LABELS = {name: WORKFLOW.get(name).label for name in ("forward", "answer", "publish", "decline")}


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


def topic_forward(*, topic: TopicRequest, department, actor, note: str = "") -> TopicRequest:
    """The disclosure office forwards a topic to a department (转办) and starts the feedback clock."""
    with WORKFLOW.step(topic, "forward", actor=actor) as step:
        if department is None or not department.is_active:
            raise DomainError("请选择启用中的承办部门。", code="invalid_department", field="department")
        topic = step.obj
        today = timezone.localdate()
        limit = feedback_limit_days(getattr(actor, "department", None))
        note = (note or "").strip()
        step.audit(before={"department": topic.department_id}, reason=note if has_visible_text(note) else "")
        step.set(department=department, forwarded_by=actor, forwarded_on=today, office_note=step.reason)
        clock = clock_start(kind=FEEDBACK_CLOCK_KIND, subject=topic, department=department, started_on=today,
                            limit_days=limit, actor=actor, reason="点题转办", label=f"点题反馈：{topic.title}"[:200])
        step.set(feedback_clock=clock)
        due = clock.due_date
        step.audit(after={"department": department.pk, "limit_days": limit, "due_date": due})
        for user in _answerers(department):
            notify(channel="inbox", subject="新的点题待反馈", user=user, related=topic,
                   body=f"政务公开办转来点题“{topic.title}”（{topic.reference}），请于{due:%Y年%m月%d日}前反馈。")
        _sms(topic, f"您的点题{topic.reference}已转{department.name}办理，预计{due:%Y年%m月%d日}前反馈。")
    return step.obj


def _answerers(department):
    from sunshine.accounts.models import User

    app_label, codename = ANSWER.split(".")
    return list(User.objects.filter(department=department, is_active=True, kind=User.Kind.STAFF,
                                    groups__permissions__content_type__app_label=app_label,
                                    groups__permissions__codename=codename).distinct())


def _close(topic: TopicRequest, action: str, *, actor, fields: dict, sms, reason: str = "") -> TopicRequest:
    """The department's answer, publication or refusal: the clock stops; `sms(topic)` is the citizen's message."""
    with WORKFLOW.step(topic, action, actor=actor, reason=reason) as step:
        topic = step.obj
        today = timezone.localdate()
        public = step.target in WALL_STATES
        step.audit(before={"public": topic.public}, after={"public": public, **fields})
        step.set(answered_by=actor, answered_on=today, public=public, published_on=today if public else None,
                 **fields)
        if topic.feedback_clock_id:
            clock_stop(topic.feedback_clock, on=today, actor=actor, reason=f"点题已{Status(step.target).label}")
        _sms(topic, sms(topic))
    return step.obj


def topic_answer(*, topic: TopicRequest, actor, answer: str) -> TopicRequest:
    """The department answers (答复); the answer goes on the echo wall."""
    answer = _answer_text(answer, "answer", "答复内容")
    return _close(topic, "answer", actor=actor, fields={"answer": answer},
                  sms=lambda t: f"您的点题{t.reference}已由{t.department.name}答复，可在回音壁查看。")


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


def topic_publish(*, topic: TopicRequest, actor, answer: str, publication_url: str = "") -> TopicRequest:
    """The department publishes the information (予以公开), optionally linking to the published item."""
    answer = _answer_text(answer, "answer", "公开说明")
    url = (publication_url or "").strip()
    if len(url) > URL_MAX:
        raise DomainError(f"公开信息链接不能超过{URL_MAX}个字符。", code="too_long", field="publication_url")
    if url and not safe_link(url):
        raise DomainError("公开信息链接应为本站路径（以 / 开头）或 http(s):// 网址，且不能含空白或控制字符。",
                          code="invalid_url", field="publication_url")
    return _close(topic, "publish", actor=actor, fields={"answer": answer, "publication_url": url},
                  sms=lambda t: f"您的点题{t.reference}所涉信息已由{t.department.name}公开，可在回音壁查看。")


def topic_decline(*, topic: TopicRequest, actor, reason: str) -> TopicRequest:
    """The department declines with a reason (不予公开); never shown on the echo wall."""
    reason = _answer_text(reason, "reason", "不予公开的理由")
    return _close(topic, "decline", actor=actor, fields={"decline_reason": reason}, reason=reason,
                  sms=lambda t: f"您的点题{t.reference}经{t.department.name}研究不予公开，理由：{reason[:60]}")


def topic_hide(*, topic: TopicRequest, actor, reason: str) -> TopicRequest:
    """The office withdraws an answer from the echo wall (撤下回音壁), with a reason; the answer is kept (a step
    inside the answered or published state)."""
    with WORKFLOW.step(topic, "hide", actor=actor) as step:
        reason = _required(reason, "reason", "撤下理由")
        if not step.obj.public:
            raise TransitionNotAllowed("该点题未在回音壁公开。")
        step.set(public=False)
        step.audit(before={"public": True}, after={"public": False}, reason=reason)
    return step.obj
