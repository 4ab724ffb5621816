"""Names of the clock kinds this app starts (see sunshine.clocks.kinds)."""

from .services import REPLY_CLOCK, SUPPLEMENT_CLOCK

KINDS = {REPLY_CLOCK: "依申请公开答复期限", SUPPLEMENT_CLOCK: "依申请公开补正期限"}
