"""Logging filters (日志过滤).

`QuietClientErrors`: Django's request logger writes a 403 (PermissionDenied) with its traceback; an ordinary refusal or
missing page is not a fault of the server, so its record keeps the one line ("Forbidden (Permission denied):
/workbench/") and loses the traceback. 5xx records are untouched.
"""

from __future__ import annotations

import logging


class QuietClientErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True
