"""The app's periodic jobs and letter retries through the task layer."""


def test_scheduled_close_expired_runs(db):
    from sunshine.disclosure_requests.tasks import close_expired_task

    assert close_expired_task.apply().get() == {"consultations": 0, "supplements": 0, "fees": 0}


def test_letter_retry_countdowns_follow_the_settings(settings):
    from sunshine.disclosure_requests.tasks import retry_countdown as letter_countdown

    assert [letter_countdown(n) for n in (0, 1, 2)] == [30, 60, 120]
    settings.LETTER_RETRY_SECONDS = 2
    assert [letter_countdown(n) for n in (0, 1, 2)] == [2, 4, 8]
