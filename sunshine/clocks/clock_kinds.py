"""Names of the synthetic clock kinds made by `sunshine seed --clocks` (see sunshine.clocks.kinds)."""

from .seed import KINDS as _SEED_KINDS

KINDS = {code: f"{label}（合成数据）" for code, label, *_rest in _SEED_KINDS}
