"""Is DJANGO_SECRET_KEY strong enough for production (`sunshine serve` refuses to start otherwise)?

The key signs sessions, CSRF tokens and password-reset links, keys the hashes of verification secrets and the
encryption of the replay store. Required: at least `MIN_LENGTH` characters, at least `MIN_DISTINCT` distinct
characters, and an estimated entropy (Shannon entropy of its characters × length) of at least `MIN_BITS`; not a
placeholder, not one piece repeated. `python -c "import secrets; print(secrets.token_urlsafe(48))"` makes one.
"""

from __future__ import annotations

import math
from collections import Counter

MIN_LENGTH = 50
MIN_DISTINCT = 12  # a 64-character token_hex key often lacks one of its 16 digits: never ask for all 16
MIN_BITS = 192
_PLACEHOLDERS = ("insecure", "change-me", "changeme", "django-insecure", "secret-key", "your-secret")


def secret_key_problem(key: str) -> str:
    """"" for a strong key, else why it is not, in Chinese."""
    if not key:
        return "未设置 DJANGO_SECRET_KEY。"
    lowered = key.lower()
    if any(word in lowered for word in _PLACEHOLDERS):
        return "DJANGO_SECRET_KEY 是示例或演示用的密钥，请换成随机生成的密钥。"
    if len(key) < MIN_LENGTH:
        return f"DJANGO_SECRET_KEY 太短（{len(key)} 个字符），至少需要 {MIN_LENGTH} 个字符。"
    if any(key[period:] == key[:-period] for period in range(1, len(key) // 2 + 1)):
        return "DJANGO_SECRET_KEY 由一段字符重复组成，请换成随机生成的密钥。"
    counts = Counter(key)
    if len(counts) < MIN_DISTINCT:
        return f"DJANGO_SECRET_KEY 的不同字符太少（{len(counts)} 个），至少需要 {MIN_DISTINCT} 个。"
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values()) * len(key)
    if bits < MIN_BITS:
        return f"DJANGO_SECRET_KEY 的随机性不足（约 {bits:.0f} 位），至少需要 {MIN_BITS} 位。"
    return ""
