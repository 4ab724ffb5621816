"""Writes of participation (点题公开): every state change is here, audited and notified.

Flow: submitted (待转办) → forwarded (已转部门办理, feedback clock running) → [drafted: awaiting_sign_off (待签发)
→ signed off (签发) or returned (退回修改)] → answered (已答复) | published (已公开) | declined (不予公开). A refusal
always needs sign-off; an answer or a publication too unless `SUNSHINE_SIGN_OFF_ALL_OUTCOMES` is false.
Answered and published topics go on the echo wall (回音壁); declined ones never.
Every change of a topic runs through the transition table (`workflow.WORKFLOW.step`: the row locked, the table and
the policy checked, the status set by compare-and-set, the audit event with the from and to status).
"""

from __future__ import annotations

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.cases.workflow import SYSTEM
from sunshine.clocks.services import clock_start, clock_stop
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.core.identity import normalize_mobile
from sunshine.core.text import has_visible_text
from sunshine.notify.services import notify

from . import tracking_codes
from .models import DEFAULT_FEEDBACK_DAYS, FEEDBACK_CLOCK_KIND, ParticipationSetting, TopicRequest
from .permissions import ANSWER, OWN_DRAFT_DENIED, POLICY, SIGN_OFF, needs_sign_off
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


def _new_tracking_code() -> str:
    year = timezone.localdate().year
    for _ in range(5):  # 8 characters of a 31-letter alphabet: a clash is rare, five in a row never happens
        code = tracking_codes.new_tracking_code(year)
        if not TopicRequest.objects.filter(tracking_code=code).exists():
            return code
    raise IntegrityError("no free tracking code")  # pragma: no cover


@transaction.atomic
def topic_submit(*, citizen_name: str, phone: str, title: str, content: str, user=None) -> TopicRequest:
    """A citizen proposes a topic (提出点题). Validates again, whatever the caller checked.

    The topic gets a tracking code (查询码) and a verification secret (验证码); only the secret's hash is stored,
    the secret itself is returned once as the transient attribute `topic.secret` (shown on the page after applying
    and in the API's answer, never again)."""
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
    secret = tracking_codes.new_secret()
    topic = TopicRequest.objects.create(citizen_name=citizen_name, phone=phone, title=title, content=content,
                                        user=account, tracking_code=_new_tracking_code(),
                                        verification_secret_hash=tracking_codes.hash_secret(secret))
    topic.reference = f"DT{timezone.localdate():%Y}{topic.pk:06d}"
    topic.save(update_fields=["reference"])
    record(action="participation.topic.submit", target=topic, actor=account,
           after={"status": topic.status, "title": title})
    _sms(topic, f"您提出的点题“{title}”已收到，编号{topic.reference}。政务公开办将转交承办部门办理并反馈。")
    topic.secret = secret  # shown once; never stored
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


def _close(topic: TopicRequest, action: str, *, actor, fields: dict, sms, reason: str = "",
           performed_by: str = "") -> TopicRequest:
    """The department's answer, publication or refusal: the clock stops; `sms(topic)` is the citizen's message."""
    with WORKFLOW.step(topic, action, actor=actor, reason=reason, performed_by=performed_by) as step:
        if performed_by == SYSTEM and step.source != Status.SIGNED_OFF:  # an unsigned draft is never issued
            raise TransitionNotAllowed("点题答复尚未签发，不能发出。")
        topic = step.obj
        today = timezone.localdate()
        public = step.target in WALL_STATES
        step.audit(before={"public": topic.public},
                   after={"public": public, **{k: getattr(v, "pk", v) for k, v in fields.items()}})
        # after a sign-off the answer is the drafter's (答复人), approved by the signer (签发人)
        answerer = topic.drafted_by if performed_by == SYSTEM and topic.drafted_by_id else actor
        step.set(answered_by=answerer, answered_on=today, public=public, published_on=today if public else None,
                 **fields)
        if topic.feedback_clock_id:
            clock_stop(topic.feedback_clock, on=today, actor=actor, reason=f"点题已{Status(step.target).label}")
        _sms(topic, sms(topic))
    return step.obj


def topic_answer(*, topic: TopicRequest, actor, answer: str, performed_by: str = "") -> TopicRequest:
    """The department answers (答复); the answer goes on the echo wall. Where it needs sign-off (签发) this is the
    draft (`topic_draft`), issued when signed off."""
    answer = _answer_text(answer, "answer", "答复内容")
    if needs_sign_off("answer") and not performed_by:
        return topic_draft(topic=topic, actor=actor, action="answer", text=answer)
    return _close(topic, "answer", actor=actor, fields={"answer": answer}, performed_by=performed_by,
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


def _publication_url(publication_url: str) -> str:
    url = (publication_url or "").strip()
    if len(url) > URL_MAX:
        raise DomainError(f"公开信息链接不能超过{URL_MAX}个字符。", code="too_long", field="publication_url")
    if url and not safe_link(url):
        raise DomainError("公开信息链接应为本站路径（以 / 开头）或 http(s):// 网址，且不能含空白或控制字符。",
                          code="invalid_url", field="publication_url")
    return url


def publishable_items(department):
    """The items (主动公开信息) an answer may point to: the department's published ones, newest first.

    Read through the app registry by the model's name ("publications.Publication"), as `TopicRequest.
    publication_item` refers to it: participation never imports the publications app (domain independence)."""
    Publication = apps.get_model("publications", "Publication")
    if department is None:
        return Publication.objects.none()
    return (Publication.objects.filter(department=department, status="published")
            .only("pk", "index_number", "title", "status", "department_id").order_by("-published_at", "-id"))


def _publication_item(topic: TopicRequest, item):
    """The chosen item (an instance, a primary key or None), checked: published, of the topic's department."""
    if item in (None, ""):
        return None
    pk = getattr(item, "pk", item)
    found = publishable_items(topic.department).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise DomainError("请选择本部门已发布的主动公开信息。", code="invalid_item", field="publication_item")
    return found


def topic_publish(*, topic: TopicRequest, actor, answer: str, publication_url: str = "", publication_item=None,
                  performed_by: str = "") -> TopicRequest:
    """The department publishes the information (予以公开), optionally linking to the published item: a published
    item of its own (`publication_item`, a Publication or its pk; the echo wall links to its public page) and/or a
    link. Where it needs sign-off (签发) this is the draft (`topic_draft`), issued when signed off."""
    answer = _answer_text(answer, "answer", "公开说明")
    url = _publication_url(publication_url)
    item = _publication_item(topic, publication_item)
    if needs_sign_off("publish") and not performed_by:
        return topic_draft(topic=topic, actor=actor, action="publish", text=answer, publication_url=url,
                           publication_item=item)
    return _close(topic, "publish", actor=actor,
                  fields={"answer": answer, "publication_url": url, "publication_item": item},
                  performed_by=performed_by,
                  sms=lambda t: f"您的点题{t.reference}所涉信息已由{t.department.name}公开，可在回音壁查看。")


def topic_decline(*, topic: TopicRequest, actor, reason: str, performed_by: str = "") -> TopicRequest:
    """The department declines with a reason (不予公开); never shown on the echo wall. Always signed off first:
    without `performed_by` (the system's issue after the sign-off) this is the draft (`topic_draft`)."""
    reason = _answer_text(reason, "reason", "不予公开的理由")
    if not performed_by:
        return topic_draft(topic=topic, actor=actor, action="decline", text=reason)
    return _close(topic, "decline", actor=actor, fields={"decline_reason": reason}, reason=reason,
                  performed_by=performed_by,
                  sms=lambda t: f"您的点题{t.reference}经{t.department.name}研究不予公开，理由：{reason[:60]}")


# --- sign-off (签发) -----------------------------------------------------------------------------------------------

DRAFT_ACTIONS = {"answer": "答复", "publish": "予以公开", "decline": "不予公开"}


def topic_draft(*, topic: TopicRequest, actor, action: str, text: str, publication_url: str = "",
                publication_item=None) -> TopicRequest:
    """拟定答复（报签发）: the department's answer, publication or refusal waits for sign-off; the feedback clock keeps
    running; the signers in the topic's scope are told."""
    if action not in DRAFT_ACTIONS:
        raise DomainError("请选择办理结果。", code="invalid_action", field="action")
    label = "不予公开的理由" if action == "decline" else ("公开说明" if action == "publish" else "答复内容")
    text = _answer_text(text, "reason" if action == "decline" else "answer", label)
    url = _publication_url(publication_url) if action == "publish" else ""
    item = _publication_item(topic, publication_item) if action == "publish" else None
    with WORKFLOW.step(topic, "draft", actor=actor) as step:
        topic = step.obj
        step.set(draft_action=action, draft_text=text, draft_publication_url=url, draft_publication_item=item,
                 drafted_by=actor,
                 drafted_at=timezone.now(), draft_returned_reason="")
        step.audit(after={"draft_action": action})
        for user in signers_of(topic):
            if actor is not None and user.pk == actor.pk:
                continue
            notify(channel="inbox", subject="待签发的点题答复", user=user, related=topic,
                   body=f"点题“{topic.title}”（{topic.reference}）的办理结果（{DRAFT_ACTIONS[action]}）已拟定，待您签发。")
    return step.obj


def topic_return_draft(*, topic: TopicRequest, actor, reason: str) -> TopicRequest:
    """退回修改: the signer returns the draft with a reason; the topic is back with the department."""
    _refuse_own_draft(topic, actor)
    reason = _required(reason, "reason", "退回理由")
    with WORKFLOW.step(topic, "return_draft", actor=actor, reason=reason) as step:
        topic = step.obj
        _refuse_own_draft(topic, actor)
        step.set(draft_returned_reason=reason)
        step.audit(after={"draft_action": topic.draft_action})
        if topic.drafted_by_id and topic.drafted_by.is_active:
            notify(channel="inbox", subject="点题答复被退回修改", user=topic.drafted_by, related=topic,
                   body=f"点题“{topic.title}”（{topic.reference}）拟定的答复已被退回修改：{reason}")
    return step.obj


@transaction.atomic
def topic_sign_off(*, topic: TopicRequest, actor, note: str = "") -> TopicRequest:
    """签发: the approval (`sign_off`, awaiting_sign_off → signed_off) and, in the same transaction, the issue of the
    signed draft as the system's step (answer, publish or decline): the clock stops, the citizen is told and an
    answer or publication reaches the echo wall."""
    _refuse_own_draft(topic, actor)
    with WORKFLOW.step(topic, "sign_off", actor=actor, reason=(note or "").strip()) as step:
        _refuse_own_draft(step.obj, actor)
        step.set(signed_off_by=actor, signed_off_at=timezone.now())
        step.audit(after={"draft_action": step.obj.draft_action, "drafted_by": step.obj.drafted_by_id})
    topic = step.obj
    if topic.draft_action == "answer":
        return topic_answer(topic=topic, actor=actor, answer=topic.draft_text, performed_by=SYSTEM)
    if topic.draft_action == "publish":
        return topic_publish(topic=topic, actor=actor, answer=topic.draft_text,
                             publication_url=topic.draft_publication_url,
                             publication_item=topic.draft_publication_item_id, performed_by=SYSTEM)
    return topic_decline(topic=topic, actor=actor, reason=topic.draft_text, performed_by=SYSTEM)


def _refuse_own_draft(topic: TopicRequest, actor) -> None:
    if actor is not None and topic.drafted_by_id is not None and topic.drafted_by_id == actor.pk:
        raise CapabilityRequired(OWN_DRAFT_DENIED)


def signers_of(topic: TopicRequest) -> list:
    """Active staff who may sign off the topic's answer: holders of SIGN_OFF with the topic in their scope."""
    from sunshine.accounts.models import User

    app_label, codename = SIGN_OFF.split(".")
    holders = User.objects.filter(is_active=True, kind=User.Kind.STAFF).filter(
        Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename)
        | Q(user_permissions__content_type__app_label=app_label, user_permissions__codename=codename)).distinct()
    return [user for user in holders if POLICY.can_see(user, topic)]


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
