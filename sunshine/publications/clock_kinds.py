"""Names of the clock kinds this app starts (see sunshine.clocks.kinds)."""

from .services import TIMELINESS_KIND

KINDS = {TIMELINESS_KIND: "主动公开时效"}
