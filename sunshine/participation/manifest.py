"""Manifest of participation (点题公开、回音壁): the public topic pages, the office's and departments' queue."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, NavEntry

# Spelled out: a manifest imports no module of its app (the settings read it before Django is set up);
# test_manifest checks they equal permissions.py's.
DISPATCH = "participation.dispatch_topic"
ANSWER = "participation.answer_topic"
SIGN_OFF = "participation.sign_off_topic"

MANIFEST = AppManifest(
    label="互动参与（点题公开、回音壁）",
    audit_labels={
        "participation.topic.submit": "提出点题",
        "participation.topic.forward": "转办",
        "participation.topic.draft": "拟定答复（报签发）",
        "participation.topic.return_draft": "退回修改",
        "participation.topic.sign_off": "签发",
        "participation.topic.answer": "答复",
        "participation.topic.publish": "公开",
        "participation.topic.decline": "不予公开",
        "participation.topic.hide": "从回音壁撤下",
    },
    clock_kinds={"topic_request.feedback": "点题公开反馈期限"},
    roles={r.OFFICE_HEAD: [DISPATCH, SIGN_OFF], r.CLERK: [ANSWER], r.REVIEWER: [ANSWER, SIGN_OFF]},
    navigation=[
        NavEntry("互动交流", "participation:index", "public", order=50, section="hd"),
        NavEntry("点题公开", "participation:staff-list", "staff", order=50, section="hd",
                 predicate="sunshine.participation.selectors:may_work_on_topics"),
    ],
    workbench_sections="sunshine.participation.sections:workbench_sections",
    my_sections="sunshine.participation.sections:my_sections",
    statistics="sunshine.participation.statistics:provider",
    demo="sunshine.participation.demo:load",
)
