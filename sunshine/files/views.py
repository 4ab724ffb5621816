"""Download helper for domain views. Access checks are the caller's: call this only after deciding the
user may see the object the file belongs to."""

from __future__ import annotations

from django.http import FileResponse

from .models import StoredFile


def serve_stored_file(request, stored_file: StoredFile, *, as_attachment: bool = True) -> FileResponse:
    """Stream the file with its real media type, a UTF-8 filename (RFC 6266 filename*) and nosniff."""
    mime = stored_file.mime
    inline_safe = stored_file.kind in ("pdf", "jpg", "png", "txt")
    response = FileResponse(stored_file.file.open("rb"), as_attachment=as_attachment or not inline_safe,
                            filename=stored_file.original_name, content_type=mime)
    response["Content-Length"] = str(stored_file.size)
    response["X-Content-Type-Options"] = "nosniff"
    if stored_file.kind != "pdf":  # browsers' PDF viewers do not run in a sandboxed document
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=0"
    return response
