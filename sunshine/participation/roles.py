"""Default capabilities of participation (点题公开): the office forwards, departments answer."""

from sunshine.accounts.roles import CLERK, OFFICE_HEAD, REVIEWER

DISPATCH = "participation.dispatch_topic"
ANSWER = "participation.answer_topic"

ROLE_CAPABILITIES = {
    OFFICE_HEAD: [DISPATCH],
    CLERK: [ANSWER],
    REVIEWER: [ANSWER],
}
