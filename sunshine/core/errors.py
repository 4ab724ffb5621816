"""Domain errors: raised by services, turned into form errors, messages or HTTP 400/403 by views."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation. `message` is Chinese and shown to the user."""

    code = "domain_error"
    status_code = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    status_code = 409


class CapabilityRequired(DomainError):
    code = "capability_required"
    status_code = 403
