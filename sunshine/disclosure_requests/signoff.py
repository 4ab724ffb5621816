"""Which replies need sign-off (签发) before they are issued: the rule, pure.

A reply that refuses information (不予公开, Art. 14–16) or discloses it in part (部分公开, Art. 37) always needs
the approval of a user with the sign-off capability (`permissions.SIGN_OFF`): those are the decisions the applicant
may challenge first by administrative review (复议前置). Whether every other outcome needs it too is the county's
choice: `SUNSHINE_SIGN_OFF_ALL_OUTCOMES` (default true: every reply is signed off before it goes out; set it to
false to let a clerk issue the other outcomes directly). The same setting governs topic answers (点题答复,
`sunshine.participation`).
"""

from __future__ import annotations

from django.conf import settings

from .outcomes import Outcome

# Outcomes that always need sign-off, whatever the setting.
ALWAYS_SIGNED_OFF = frozenset({o for o in Outcome.values if o.startswith("refused_")} | {Outcome.PARTIALLY_DISCLOSED})


def sign_off_all_outcomes() -> bool:
    """Whether the outcomes other than refusals and partial disclosures need sign-off too (the setting)."""
    return bool(getattr(settings, "SUNSHINE_SIGN_OFF_ALL_OUTCOMES", True))


def needs_sign_off(outcome: str) -> bool:
    """Whether a reply with `outcome` is issued only after sign-off."""
    return outcome in ALWAYS_SIGNED_OFF or sign_off_all_outcomes()


def every_reply_needs_sign_off() -> bool:
    """True when no outcome may be issued without sign-off (then the direct reply is never offered)."""
    return sign_off_all_outcomes()


__all__ = ["ALWAYS_SIGNED_OFF", "every_reply_needs_sign_off", "needs_sign_off", "sign_off_all_outcomes"]
