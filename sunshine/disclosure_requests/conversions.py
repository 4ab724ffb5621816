"""Conversion of another app's case into a disclosure request (转为依申请公开申请), registered with the kernel's
`sunshine.caselinks.conversions` in `apps.ready()`: a hotline ticket that is really a request for government
information becomes an application entered by staff (代为填写, channel 口头申请), through the same intake service
and checks as the clerk's entry page, with a `converted_to` case link at both ends."""

from __future__ import annotations

from django import forms as django_forms

from sunshine.caselinks.conversions import Conversion, Converter, register
from sunshine.caselinks.services import case_key, link_cases

from .forms import ApplicationForm
from .models import DisclosureRequest

NAME = "disclosure_request"


class ConversionForm(ApplicationForm):
    """The application's fields (受理机关, 申请人, 证件, 描述 …), as on the clerk's entry page."""

    form_token = django_forms.CharField(widget=django_forms.HiddenInput, required=False)


def initial_from(summary) -> dict:
    initial = {"applicant_type": "natural_person", "applicant_name": summary.get("name") or "",
               "phone": summary.get("phone") or "", "description": summary.get("text") or "",
               "form": DisclosureRequest.Form.ELECTRONIC, "delivery": DisclosureRequest.Delivery.ONLINE}
    if summary.get("department_code"):
        initial["department"] = summary["department_code"]
    return initial


def from_case(*, source, data, actor) -> Conversion:
    """Register the application (idempotent per source case) and link the source to it (`converted_to`)."""
    from .services import request_submit

    keys = ["applicant_name", "applicant_type", "id_number", "phone", "address", "email", "description", "form",
            "delivery"]
    submission = request_submit(data={k: data.get(k) or "" for k in keys}, department=data["department"],
                                channel=DisclosureRequest.Channel.ORAL, entered_by=actor,
                                idempotency_key=f"converted:{case_key(source)}")
    link_cases(source, submission.request, "converted_to", actor=actor, reason="转为依申请公开申请")
    return Conversion(target=submission.request, reference=submission.request.tracking_code,
                      secret=submission.secret)


def register_converter() -> None:
    register(Converter(name=NAME, label="依申请公开申请", form_class=ConversionForm, convert=from_case,
                       initial=initial_from))
