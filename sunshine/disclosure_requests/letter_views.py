"""The applicant's PDF of a letter (/ysq/track/<code>/documents/<id>/pdf/): found exactly as the .docx download (the
verified tracking code or the owning citizen, the letters visible to the applicant), built by the kernel
(`sunshine.documents`). Staff download letters through the kernel's /documents/<id>/<docx|pdf|html>/, scoped by
`letters.can_view`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from sunshine.core.throttling import TrackThrottle, throttle_page
from sunshine.documents.views import document_response

from . import selectors
from .views import _applicant_request


@throttle_page(TrackThrottle)
def track_document_pdf(request, tracking_code: str, document_id: int):
    found = _applicant_request(request, tracking_code)
    row = get_object_or_404(selectors.applicant_documents(found).select_related("document"), pk=document_id)
    if row.document is None:  # a file the case holds that is not one of its letters
        raise Http404("该文书没有 PDF 版本。")
    return document_response(request, row.document, "pdf")
