"""The short-lived store of verification secrets for idempotent replays (幂等重放的验证码暂存).

A submission with an idempotency key gets a random secret like any other (only its hash is kept on the case).
So that a replay of the same submission within `REPLAY_HOURS` can answer with the same secret, the secret is
kept here encrypted (Fernet: AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY and the idempotency
key, and looked up by a hash of namespace + idempotency key. After the period the row is useless (and purged):
later replays return the tracking code without the secret. A database dump alone reveals no secret.
"""

from __future__ import annotations

from django.db import models


class ReplaySecret(models.Model):
    lookup = models.CharField("查找摘要", max_length=64, unique=True)
    ciphertext = models.TextField("密文")
    expires_at = models.DateTimeField("失效时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "重放验证码暂存"

    def __str__(self) -> str:
        return f"{self.lookup[:12]}… {self.expires_at:%Y-%m-%d %H:%M}"
