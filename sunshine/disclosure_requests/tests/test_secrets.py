"""The disclosure app's secrets are the kernel's (sunshine.tracking) in namespace "ysq": stored rows keep verifying."""

from __future__ import annotations

import re

from django.test import override_settings

from sunshine.tracking.tests.test_services import STORED_HASH, STORED_KEY


@override_settings(SECRET_KEY=STORED_KEY)
def test_the_disclosure_app_re_exports_the_kernel_functions():
    from sunshine.disclosure_requests import services

    assert services.hash_secret("ABCD-EFGH-JKLM") == STORED_HASH
    assert services.normalize_code(" ｙｓｑ２０２６－ab\u200bc ") == "YSQ2026-ABC"

    class Stored:
        verification_secret_hash = STORED_HASH

    assert services.check_secret(Stored(), "ABCD-EFGH-JKLM") is True
    assert services.check_secret(Stored(), "") is False
    assert re.fullmatch(r"YSQ2026-[A-Z2-9]{8}", services.new_tracking_code(2026))
