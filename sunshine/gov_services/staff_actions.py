"""Staff actions of applications (办件操作): one form per workflow action and `perform`, shared by the case page.
The buttons are `WORKFLOW.allowed_actions(user, application)`; every action goes through its service."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from . import fees, parallel, services
from .models import Application, FeePayment

PROCEDURES = [(p, p) for p in services.SPECIAL_NOT_COUNTED] + [("公示", "公示"), ("现场勘验", "现场勘验")]


class NoteForm(forms.Form):
    pass


class AcceptForm(forms.Form):
    deferred = forms.TypedMultipleChoiceField(label="容缺受理的材料（申请人后补）", required=False, coerce=int,
                                              widget=forms.CheckboxSelectMultiple,
                                              error_messages={"invalid_choice": "只能选择可容缺的材料。"})

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.pk, m.name) for m in application.item_version.materials.all() if m.deferrable] \
            if application is not None else []
        self.fields["deferred"].choices = choices
        if not choices:
            self.fields["deferred"].widget = forms.MultipleHiddenInput()


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=list(services.DELIVERY_METHODS.items()), initial="in_person",
                               error_messages={"required": "请选择送达方式。", "invalid_choice": "请选择送达方式。"})
    originals_checked = forms.BooleanField(label="已核验申请材料原件（网上预审的办件必填）", required=False)


class RefuseForm(forms.Form):
    reasons = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                              error_messages={"required": "不予受理必须说明理由。"})


class MissingForm(forms.Form):
    missing = forms.CharField(label="需补正的全部材料（每行一项）", widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000, error_messages={"required": "一次性告知书必须列明需要补正的全部材料。"})
    note = forms.CharField(label="补充说明", required=False, max_length=1000)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="决定", choices=Application.Decision.choices,
                                 error_messages={"required": "请选择决定。"})
    reasons = forms.CharField(label="理由（不予许可必填）", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)


class CertificateForm(forms.Form):
    number = forms.CharField(label="证照编号", max_length=60, error_messages={"required": "请填写证照编号。"})


class SpecialForm(forms.Form):
    procedure = forms.ChoiceField(label="特别程序", choices=PROCEDURES)
    days = forms.IntegerField(label="所需时间（工作日）", min_value=1, max_value=365,
                              error_messages={"required": "请填写所需时间。", "invalid": "请填写整数。",
                                              "min_value": "至少1个工作日。", "max_value": "不能超过365个工作日。"})


class ExtendForm(forms.Form):
    reason = forms.CharField(label="延期理由", max_length=1000, error_messages={"required": "延期必须说明理由。"})
    days = forms.IntegerField(label="延长（工作日；并联审批最多15个）", min_value=1,
                              max_value=parallel.JOINT_EXTENSION_DAYS, initial=10,
                              error_messages={"required": "请填写延长天数。", "invalid": "请填写整数。",
                                              "min_value": "至少1个工作日。", "max_value": "最多延长15个工作日。"})


class GreenChannelForm(forms.Form):
    on = forms.BooleanField(label="列入绿色通道（重点项目）", required=False)
    reason = forms.CharField(label="说明", required=False, max_length=500)


def _agent_choices():
    """The agents (代办员) as select options; a callable, so the list is read when the page renders, never at import
    (the staff API builds its schema from these forms)."""
    from .selectors import agents

    return [("", "（不指定）")] + [
        (u.pk, f"{u.real_name or u.username}（{u.department.short_name if u.department else ''}）") for u in agents()]


class AgentForm(forms.Form):
    agent = forms.IntegerField(label="代办员", required=False, min_value=1,
                               widget=forms.Select(choices=_agent_choices),
                               error_messages={"invalid": "请选择代办员。", "min_value": "请选择代办员。"})

    def clean_agent(self):
        from .selectors import agents

        pk = self.cleaned_data.get("agent")
        if pk is not None and not agents().filter(pk=pk).exists():
            raise forms.ValidationError("只能指定具有代办员权限的工作人员。")
        return pk


class RecordFeeForm(forms.Form):
    """登记缴费 (票款分离): the amount the applicant paid and the reference of the payment window or 非税收入系统."""

    amount = forms.CharField(label="缴费金额（元）", max_length=20, error_messages={"required": "请填写缴费金额。"})
    channel = forms.ChoiceField(label="缴款渠道", choices=FeePayment.Channel.choices,
                                error_messages={"required": "请选择缴款渠道。", "invalid_choice": "缴款渠道无效。"})
    reference = forms.CharField(label="缴款码/票据号", max_length=60,
                                error_messages={"required": "请填写缴款码或票据号。"})
    as_paid = forms.BooleanField(label="按实际缴纳登记（金额与收费标准不符时，标记供电子监察核查）", required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


ACTION_FORMS = {
    "dispatch": NoteForm, "accept": AcceptForm, "prereview": AcceptForm, "receive_deferred": NoteForm,
    "refuse": RefuseForm,
    "notify_missing": MissingForm,
    "receive_materials": NoteForm, "complete_review": NoteForm, "decide": DecideForm,
    "issue_certificate": CertificateForm, "deliver": DeliverForm, "complete": NoteForm, "start_special": SpecialForm,
    "end_special": NoteForm, "extend": ExtendForm, "set_green_channel": GreenChannelForm, "assign_agent": AgentForm,
    "record_fee": RecordFeeForm,
}
# the actions of a parallel task (并联任务, `TASK_WORKFLOW`)
TASK_FORMS = {"complete_review": NoteForm, "decide": DecideForm, "issue_certificate": CertificateForm,
              "start_special": SpecialForm, "end_special": NoteForm}
TASK_SUCCESS = {"complete_review": "审查完毕。", "decide": "已作出决定，决定书已生成。",
                "issue_certificate": "已制证，本部门任务办结。",
                "start_special": "已启动特别程序，告知书已生成。", "end_special": "特别程序已结束，恢复计时。"}
SUCCESS = {
    "dispatch": "已分送窗口。", "accept": "已受理，受理通知书已生成。",
    "prereview": "网上预审通过，已受理；已短信通知申请人办好后到现场一次核验原件、领取结果。",
    "refuse": "已不予受理，通知书已生成。",
    "notify_missing": "一次性告知书已生成。", "receive_materials": "已登记补齐材料。", "complete_review": "审查完毕。",
    "decide": "已作出决定，决定书已生成。", "issue_certificate": "已制证。", "deliver": "已送达，办件返回受理台。",
    "complete": "已办结。", "start_special": "已启动特别程序，告知书已生成。",
    "end_special": "特别程序已结束，恢复计时。",
    "extend": "已批准延期。", "receive_deferred": "已收到容缺材料。", "set_green_channel": "已更新绿色通道。",
    "assign_agent": "已指定代办员。", "record_fee": "已登记缴费。",
}


def allowed(user, application) -> list[tuple[str, str]]:
    """(name, label) of the actions `user` may take now on `application`: the workflow's (without those of another
    channel; 登记缴费 only while a fee is owed), and 补齐材料 received at the counter (the applicant's transition,
    recorded by the department's window)."""
    from .permissions import HANDLE, POLICY
    from .workflow import Status, allowed_actions

    names = [(t.name, t.label) for t in allowed_actions(user, application)
             if t.name != "record_fee" or fees.owes_fee(application)]  # 登记缴费 only while a fee is owed
    if application.status == Status.AWAITING_MATERIALS and POLICY.can_see(user, application) and \
            user.has_perm(HANDLE):
        names.append(("receive_materials", "补齐材料（窗口收取）"))
    return names


def form_for(action: str, application, data=None):
    if action in ("accept", "prereview"):
        return AcceptForm(data, prefix=action, application=application)
    if action == "set_green_channel" and data is None:
        return GreenChannelForm(prefix=action, initial={"on": not application.green_channel})
    if action == "assign_agent" and data is None:
        return AgentForm(prefix=action, initial={"agent": application.agent_id})
    if action == "record_fee" and data is None:
        return RecordFeeForm(prefix=action, initial={"amount": fees.yuan(application.fee_due), "channel": "non_tax"})
    return ACTION_FORMS[action](data, prefix=action)


def task_form_for(action: str, task, data=None):
    return TASK_FORMS[action](data, prefix=action)


def perform_task(action: str, task, form, user):
    d = form.cleaned_data
    today = timezone.localdate()
    if action == "complete_review":
        return parallel.task_complete_review(task, actor=user, on=today)
    if action == "decide":
        return parallel.task_decide(task, actor=user, decision=d["decision"], reasons=d.get("reasons", ""), on=today)
    if action == "issue_certificate":
        return parallel.task_issue_certificate(task, actor=user, number=d["number"], on=today)
    if action == "start_special":
        return parallel.task_start_special(task, actor=user, procedure=d["procedure"], days=d["days"], on=today)
    if action == "end_special":
        return parallel.task_end_special(task, actor=user, on=today)
    raise KeyError(action)  # pragma: no cover


def perform(action: str, application, form, user):
    d = form.cleaned_data
    today = timezone.localdate()
    if action == "dispatch":
        return services.application_dispatch(application, actor=user)
    if action == "accept":
        return services.application_accept(application, actor=user, on=today, deferred=d.get("deferred") or ())
    if action == "prereview":
        return services.application_prereview(application, actor=user, on=today, deferred=d.get("deferred") or ())
    if action == "refuse":
        return services.application_refuse(application, actor=user, reasons=d["reasons"], on=today)
    if action == "notify_missing":
        return services.application_notify_missing(application, actor=user, missing=d["missing"].splitlines(),
                                                   note=d.get("note", ""), on=today)
    if action == "receive_materials":
        return services.application_receive_materials(application, actor=user, on=today, performed_by="applicant")
    if action == "complete_review":
        return services.application_complete_review(application, actor=user, on=today)
    if action == "decide":
        return services.application_decide(application, actor=user, decision=d["decision"],
                                           reasons=d.get("reasons", ""), on=today)
    if action == "issue_certificate":
        return services.application_issue_certificate(application, actor=user, number=d["number"], on=today)
    if action == "deliver":
        return services.application_deliver(application, actor=user, on=today, method=d["method"],
                                            originals_checked=d.get("originals_checked", False))
    if action == "complete":
        return services.application_complete(application, actor=user, on=today)
    if action == "start_special":
        return services.application_start_special(application, actor=user, procedure=d["procedure"],
                                                  days=d["days"], on=today)
    if action == "end_special":
        return services.application_end_special(application, actor=user, on=today)
    if action == "receive_deferred":
        return services.application_receive_deferred(application, actor=user, on=today)
    if action == "record_fee":
        return fees.application_record_fee(application, actor=user, amount=d["amount"], channel=d["channel"],
                                           reference=d["reference"], paid_on=today, as_paid=d.get("as_paid", False),
                                           note=d.get("note", ""))
    if action == "extend":
        return services.application_extend(application, actor=user, reason=d["reason"], days=d["days"])
    if action == "set_green_channel":
        return parallel.application_set_green_channel(application, actor=user, on=d["on"], reason=d.get("reason", ""))
    if action == "assign_agent":
        from sunshine.accounts.models import User

        agent = User.objects.filter(pk=d["agent"]).first() if d.get("agent") else None
        return parallel.application_assign_agent(application, actor=user, agent=agent)
    raise KeyError(action)  # pragma: no cover
