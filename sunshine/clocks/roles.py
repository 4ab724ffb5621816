"""Default capabilities of the clocks app (时限): view for every staff role, extension approval for the office head."""

from sunshine.accounts import roles as r

ROLE_CAPABILITIES = {
    r.CLERK: ["clocks.view_clock"],
    r.REVIEWER: ["clocks.view_clock"],
    r.OFFICE_HEAD: ["clocks.view_clock", "clocks.extend_clock"],
    r.WINDOW_CLERK: ["clocks.view_clock"],
    r.DESK_CLERK: ["clocks.view_clock"],
    r.HOTLINE_OPERATOR: ["clocks.view_clock"],
    r.SUPERVISOR: ["clocks.view_clock"],
}
