"""Names of the clock kinds this app starts (see sunshine.clocks.kinds)."""

from .demo import SAMPLE_KIND

KINDS = {SAMPLE_KIND: "演示时限"}
