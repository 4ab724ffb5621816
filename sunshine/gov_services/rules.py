"""Rules shared by the single cases (`services`) and the parallel tasks (`parallel`): the default steps, the special
procedures not counted (行政许可法 §45), the applicant's SMS."""

from __future__ import annotations

# 行政许可法 §45: not counted
SPECIAL_NOT_COUNTED = ("听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审")
DEFAULT_STEPS = [
    {"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 10},
    {"code": "decide", "name": "决定", "role": "审核人", "limit_days": 5},
    {"code": "certify", "name": "制证", "role": "窗口人员", "limit_days": 3},
    {"code": "deliver", "name": "送达", "role": "窗口人员", "limit_days": 2},
]


def notify_applicant(application, body: str) -> None:
    from sunshine.notify.services import notify

    notify(channel="sms", body=body, phone=application.applicant_phone, user=application.citizen,
           related=application)
