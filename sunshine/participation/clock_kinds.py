"""Names of the clock kinds this app starts (see sunshine.clocks.kinds)."""

from .models import FEEDBACK_CLOCK_KIND

KINDS = {FEEDBACK_CLOCK_KIND: "点题公开反馈期限"}
