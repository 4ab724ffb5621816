"""Staff page: paste text, see the findings highlighted and masked (no JavaScript)."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from sunshine.accounts.scoping import has_capability

from .forms import ScanForm
from .scanner import KIND_LABELS, scan
from .services import USE_SCANNER


def _segments(text, findings):
    """Split `text` into plain pieces and findings, in order, for the highlighted view."""
    pieces, pos = [], 0
    for finding in findings:
        if finding.start > pos:
            pieces.append({"text": text[pos:finding.start], "finding": None})
        pieces.append({"text": finding.masked, "finding": finding})
        pos = finding.end
    if pos < len(text):
        pieces.append({"text": text[pos:], "finding": None})
    return pieces


@login_required
def scan_page(request):
    if not has_capability(request.user, USE_SCANNER):
        raise PermissionDenied
    findings = segments = counts = None
    if request.method == "POST":
        form = ScanForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"]
            findings = scan(text)
            segments = _segments(text, findings)
            tally = Counter(f.kind for f in findings)
            counts = [(KIND_LABELS[kind], tally[kind]) for kind in KIND_LABELS if tally[kind]]
            if findings:  # never echo the raw personal data back into the page: an empty box for the next text
                form = ScanForm()
    else:
        form = ScanForm()
    return render(request, "privacy/scan.html", {
        "form": form, "findings": findings, "segments": segments, "counts": counts, "NAV_SECTION": "privacy",
    })
