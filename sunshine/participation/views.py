"""Pages of participation: the public topic form and echo wall, and the staff pages (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from sunshine.core.errors import DomainError
from sunshine.core.throttling import (
    FailureLimiter,
    PublicReadThrottle,
    SubmitThrottle,
    TrackThrottle,
    throttle_page,
    too_many_response,
)

from . import selectors, services
from .forms import AnswerForm, ForwardForm, HideForm, ReturnDraftForm, SignOffForm, TopicForm, TrackForm
from .models import TopicRequest
from .permissions import POLICY

SESSION_LAST = "participation_last_topic"


def _add_domain_error(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


# --- public ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
@throttle_page(SubmitThrottle)
def topic_new(request):
    """提出点题: no login; a logged-in citizen's name and phone are prefilled."""
    user = request.user
    if request.method == "POST":
        form = TopicForm(request.POST)
        if form.is_valid():
            try:
                topic = services.topic_submit(**form.cleaned_data, user=user)
            except DomainError as exc:
                _add_domain_error(form, exc)
            else:
                # the secret waits in the session for the next page, which shows it once and forgets it
                request.session[SESSION_LAST] = {"reference": topic.reference, "code": topic.tracking_code,
                                                 "secret": topic.secret}
                return redirect("participation:topic-thanks")
        return render(request, "participation/public/topic_form.html", {"form": form}, status=400)
    initial = {}
    if user.is_authenticated and getattr(user, "kind", "") == "citizen":
        initial = {"citizen_name": user.real_name, "phone": user.phone}
    return render(request, "participation/public/topic_form.html", {"form": TopicForm(initial=initial)})


@require_safe
@never_cache  # Cache-Control: no-store (the secret must stay in no cache, nor come back with "back")
def topic_thanks(request):
    """点题已提交: the reference, the tracking code and — on the first GET only — the verification secret."""
    last = request.session.get(SESSION_LAST)
    if not last:
        return redirect("participation:topic-new")
    if isinstance(last, str):  # a session written before tracking codes
        last = {"reference": last}
    secret = last.get("secret", "")
    if secret and request.method == "GET":
        request.session[SESSION_LAST] = {k: v for k, v in last.items() if k != "secret"}  # shown once
    return render(request, "participation/public/topic_thanks.html",
                  {"reference": last.get("reference", ""), "tracking_code": last.get("code", ""), "secret": secret})


TRACK_NOT_FOUND = "未找到该点题：查询码或验证码不正确。"


@require_http_methods(["GET", "HEAD", "POST"])
@throttle_page(TrackThrottle)
@never_cache
def topic_track(request):
    """点题查询 (/hd/topics/track/): tracking code + verification secret show the topic's state; a wrong pair says
    nothing about which part was wrong (404), and repeated failures lock the client out (the kernel's limiter)."""
    form = TrackForm(request.POST or None)
    limiter = FailureLimiter("track")
    if request.method == "POST" and limiter.blocked(request):
        return too_many_response(request, "查询码或验证码错误次数过多，请稍后再试。", retry_after=limiter.window)
    if request.method == "POST" and form.is_valid():
        topic = selectors.topic_for_citizen(form.cleaned_data["tracking_code"], form.cleaned_data["secret"])
        if topic is not None:
            return render(request, "participation/public/topic_track.html",
                          {"form": TrackForm(), "topic": topic, "entry": selectors.wall_entry(topic)})
        limiter.fail(request)
        form.add_error(None, TRACK_NOT_FOUND)
        return render(request, "participation/public/topic_track.html", {"form": form}, status=404)
    return render(request, "participation/public/topic_track.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@require_safe
@throttle_page(PublicReadThrottle)
def echo_wall(request):
    page = Paginator(selectors.echo_wall(), 20).get_page(request.GET.get("page"))
    entries = [selectors.wall_entry(topic) for topic in page.object_list]
    return render(request, "participation/public/echo_wall.html", {"page": page, "entries": entries})


# --- staff ------------------------------------------------------------------------------------------

def _staff(request):
    user = request.user
    if not selectors.may_work_on_topics(user):
        raise PermissionDenied("仅限政务公开办和承办部门工作人员。")
    return user


@login_required
@require_GET
def staff_list(request):
    user = _staff(request)
    queryset = selectors.topics_visible_to(user)
    status = request.GET.get("status", "")
    if status in TopicRequest.Status.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(request, "participation/staff/topic_list.html", {
        "page": page, "status": status, "statuses": TopicRequest.Status.choices,
        "counts": selectors.topic_counts_for(user)})


def _detail_context(request, topic, **forms):
    actions = set(POLICY.allowed_actions(request.user, topic))  # the transition table, the capability, the scope
    initial = {"action": topic.draft_action, "text": topic.draft_text, "publication_url": topic.draft_publication_url,
               "publication_item": topic.draft_publication_item_id} if topic.draft_action else None
    return {
        "topic": topic,
        "actions": actions,
        "forward_form": forms.get("forward_form") or (ForwardForm() if "forward" in actions else None),
        "answer_form": forms.get("answer_form") or (AnswerForm(initial=initial, department=topic.department)
                                                    if actions & {"answer", "publish", "draft"} else None),
        "answer_needs_sign_off": "answer" not in actions,
        "sign_off_form": forms.get("sign_off_form") or (SignOffForm() if "sign_off" in actions else None),
        "return_form": forms.get("return_form") or (ReturnDraftForm() if "return_draft" in actions else None),
        "hide_form": forms.get("hide_form") or (HideForm() if "hide" in actions and topic.public else None),
        "wall": selectors.wall_entry(topic) if topic.public else None,
    }


@login_required
@require_GET
def staff_detail(request, pk: int):
    user = _staff(request)
    topic = get_object_or_404(selectors.topics_visible_to(user), pk=pk)
    return render(request, "participation/staff/topic_detail.html", _detail_context(request, topic))


@login_required
@require_POST
def staff_forward(request, pk: int):
    user = _staff(request)
    topic = get_object_or_404(selectors.topics_visible_to(user), pk=pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        try:
            services.topic_forward(topic=topic, department=form.cleaned_data["department"], actor=user,
                                   note=form.cleaned_data["note"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, "已转办，反馈时限已开始计算。")
            return redirect("participation:staff-detail", pk=topic.pk)
    return render(request, "participation/staff/topic_detail.html",
                  _detail_context(request, topic, forward_form=form), status=400)


@login_required
@require_POST
def staff_answer(request, pk: int):
    user = _staff(request)
    topic = get_object_or_404(selectors.topics_visible_to(user), pk=pk)
    form = AnswerForm(request.POST, department=topic.department)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "answer":
                services.topic_answer(topic=topic, actor=user, answer=data["text"])
            elif data["action"] == "publish":
                services.topic_publish(topic=topic, actor=user, answer=data["text"],
                                       publication_url=data["publication_url"],
                                       publication_item=data["publication_item"])
            else:
                services.topic_decline(topic=topic, actor=user, reason=data["text"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            topic.refresh_from_db(fields=["status"])
            messages.success(request, "办理结果已拟定，待签发后告知点题人。"
                             if topic.status == TopicRequest.Status.AWAITING_SIGN_OFF
                             else "办理结果已保存，并已短信告知点题人。")
            return redirect("participation:staff-detail", pk=topic.pk)
    return render(request, "participation/staff/topic_detail.html",
                  _detail_context(request, topic, answer_form=form), status=400)


def _sign_off_step(request, pk: int, form_class, run, done: str, context_name: str):
    """One step of the sign-off (签发) of a drafted answer: the form, the service, a message and back to the topic;
    a refusal shows the topic page again with the form's errors (400)."""
    user = _staff(request)
    topic = get_object_or_404(selectors.topics_visible_to(user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(topic, user, form.cleaned_data)
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("participation:staff-detail", pk=topic.pk)
    return render(request, "participation/staff/topic_detail.html",
                  _detail_context(request, topic, **{context_name: form}), status=400)


@login_required
@require_POST
def staff_sign_off(request, pk: int):
    """签发: the drafted answer is approved and issued (the echo wall, the citizen's SMS)."""
    return _sign_off_step(
        request, pk, SignOffForm,
        lambda topic, user, data: services.topic_sign_off(topic=topic, actor=user, note=data["note"]),
        "已签发，办理结果已告知点题人。", "sign_off_form")


@login_required
@require_POST
def staff_return_draft(request, pk: int):
    """退回修改: the draft goes back to the department with a reason."""
    return _sign_off_step(
        request, pk, ReturnDraftForm,
        lambda topic, user, data: services.topic_return_draft(topic=topic, actor=user, reason=data["reason"]),
        "已退回修改。", "return_form")


@login_required
@require_POST
def staff_hide(request, pk: int):
    user = _staff(request)
    topic = get_object_or_404(selectors.topics_visible_to(user), pk=pk)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.topic_hide(topic=topic, actor=user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, "已从回音壁撤下。")
            return redirect("participation:staff-detail", pk=topic.pk)
    return render(request, "participation/staff/topic_detail.html",
                  _detail_context(request, topic, hide_form=form), status=400)
