"""Downloads of documents: the staff's (scoped by the kind's `can_view`: another department's document is a 404), and
`document_response` for the apps' own pages (the applicant's download goes through the app, which checks access)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sunshine.files.views import serve_stored_file

from . import services
from .models import Document
from .rendering import PdfUnavailable

FORMATS = ("docx", "pdf", "html")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def html_response(html: str) -> HttpResponse:
    """Printable HTML in a sandbox (no script, no fetch), for the browser's print dialog."""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_unavailable_response(request, exc: PdfUnavailable) -> HttpResponse:
    return render(request, "documents/unavailable.html", {"message": exc.message}, status=503)


def document_response(request, document: Document, fmt: str) -> HttpResponse:
    """The document as .docx, PDF or printable HTML; the caller has checked access. A .docx still being built is
    built for this response; a PDF is built once and kept; where PDFs cannot be made, a Chinese 503 page."""
    if fmt == "html":
        return html_response(document.html)
    if fmt == "docx":
        if document.docx_file_id:
            return serve_stored_file(request, document.docx_file, as_attachment=True)
        response = FileResponse(io.BytesIO(services.docx_bytes(document)), as_attachment=True,
                                filename=document.file_name("docx"), content_type=DOCX_MIME)
        response["X-Content-Type-Options"] = "nosniff"
        return response
    if fmt == "pdf":
        actor = request.user if request.user.is_authenticated else None
        try:
            stored = services.pdf_file(document, actor=actor)
        except PdfUnavailable as exc:
            return pdf_unavailable_response(request, exc)
        return serve_stored_file(request, stored, as_attachment=True)
    raise Http404("未知的文件格式。")


@require_GET
@login_required
def download(request, pk: int, fmt: str):
    """/documents/<id>/<docx|pdf|html>/ for staff: 404 unless the kind's `can_view` allows it."""
    if fmt not in FORMATS:
        raise Http404("未知的文件格式。")
    document = get_object_or_404(Document.objects.select_related("docx_file", "pdf_file"), pk=pk)
    if not services.can_view(request.user, document):
        raise Http404("未找到该文书。")
    return document_response(request, document, fmt)
