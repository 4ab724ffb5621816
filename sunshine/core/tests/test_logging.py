"""An ordinary 403 or 404 is logged as one line, not a traceback; a 500 keeps its traceback (core/logging.py)."""

import logging
import sys

from sunshine.core.logging import QuietClientErrors


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("denied")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/workbench/",),
                               exc_info)
    record.status_code = status
    return record


def test_client_errors_lose_their_traceback_server_errors_keep_it():
    quiet = QuietClientErrors()
    for status in (403, 404):
        record = _record(status)
        assert quiet.filter(record) is True and record.exc_info is None
        assert logging.Formatter().format(record) == "Forbidden: /workbench/"
    record = _record(500)
    assert quiet.filter(record) is True
    assert "Traceback" in logging.Formatter().format(record)


def test_django_request_logger_uses_the_filter(settings):
    handler = settings.LOGGING["loggers"]["django.request"]["handlers"][0]
    assert settings.LOGGING["handlers"][handler]["filters"] == ["quiet_client_errors"]
