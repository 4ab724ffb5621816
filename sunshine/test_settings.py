"""Test settings: everything from settings, with only what tests need overridden.

DATABASE_URL selects the database exactly as in production; without it the tests use SQLite.
"""

import os

os.environ.setdefault("SUNSHINE_DEMO", "1")
# Playwright's sync API keeps an asyncio loop running in the test process for the whole session (the browser
# fixture is session-scoped), and a pytest-xdist worker runs browser and database tests one after another.
# Django's guard then refuses every later ORM call, although nothing here runs concurrently: the server the
# browser talks to is a separate process, and the tests themselves stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from sunshine.settings import *  # noqa: F403
from sunshine.settings import DATA_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# "shared" (throttles, failed-attempt limiter) in the same memory as "default" (the same LOCATION): the tests'
# cache.clear() resets both; test_shared_counters.py runs the production store (the database) across processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://localhost/"
MEDIA_ROOT = DATA_DIR / "test-media"
SMS_BACKEND = "console"
# Rate limits and failed-attempt limits are off for the suite (the cache outlives a test); the hostile tests
# switch them on with override_settings.
SUNSHINE_THROTTLE_RATES = {"public_submit": None, "public_track": None, "public_read": None}
SUNSHINE_FAILURE_LIMITS = {"track": (0, 0)}
# Login protection stays on (database handler: each test's rows roll back), with the production limit.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The demo's year of generated hotline tickets is loaded by its own test (sunshine/hotline/tests/test_demo_history.py).
HOTLINE_DEMO_HISTORY = 0
