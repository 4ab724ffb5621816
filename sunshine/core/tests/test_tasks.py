"""The task layer: beat schedule names real tasks; enqueue runs after commit, never before."""

from django.conf import settings

from sunshine.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names and names <= set(app.tasks), names - set(app.tasks)


def test_enqueue_runs_after_commit(db, django_capture_on_commit_callbacks):
    from celery import shared_task

    from sunshine.core.tasks import enqueue

    ran = []

    @shared_task(name="tests.record")
    def record(value):
        ran.append(value)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue(record, 7)
        assert ran == []
    assert len(callbacks) == 1 and ran == [7]


def test_scheduled_close_expired_runs(db):
    from sunshine.disclosure_requests.tasks import close_expired_task

    assert close_expired_task.apply().get() == {"consultations": 0, "supplements": 0, "fees": 0}


def test_retry_countdowns_follow_the_settings(settings):
    from sunshine.disclosure_requests.tasks import retry_countdown as letter_countdown
    from sunshine.notify.tasks import retry_countdown as notify_countdown

    assert [notify_countdown(n) for n in (1, 2, 3)] == [60, 120, 240]
    assert [letter_countdown(n) for n in (0, 1, 2)] == [30, 60, 120]
    settings.NOTIFY_RETRY_SECONDS, settings.LETTER_RETRY_SECONDS = 1, 2
    assert [notify_countdown(n) for n in (1, 2, 3)] == [1, 2, 4]
    assert [letter_countdown(n) for n in (0, 1, 2)] == [2, 4, 8]


def test_beat_keeps_its_schedule_in_the_data_directory():
    from pathlib import Path

    assert Path(app.conf.beat_schedule_filename).parent == Path(settings.DATA_DIR)
