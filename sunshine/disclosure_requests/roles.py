"""Default capabilities of the disclosure-request app (依申请公开) per role."""

from sunshine.accounts.roles import CLERK, OFFICE_HEAD, REVIEWER, SUPERVISOR

HANDLE = "disclosure_requests.handle_request"
APPROVE_EXTENSION = "disclosure_requests.approve_extension"
VIEW = "disclosure_requests.view_disclosurerequest"

ROLE_CAPABILITIES = {
    CLERK: [HANDLE, VIEW],
    REVIEWER: [HANDLE, VIEW],
    OFFICE_HEAD: [HANDLE, VIEW, APPROVE_EXTENSION],
    SUPERVISOR: [VIEW],
}
