"""Default capabilities of the privacy app (个人信息保护)."""

from sunshine.accounts.roles import CLERK, OFFICE_HEAD, REVIEWER, WINDOW_CLERK

ROLE_CAPABILITIES = {
    CLERK: ["privacy.use_scanner"],
    REVIEWER: ["privacy.use_scanner"],
    OFFICE_HEAD: ["privacy.use_scanner"],
    WINDOW_CLERK: ["privacy.use_scanner"],
}
