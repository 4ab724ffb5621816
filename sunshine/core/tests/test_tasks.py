"""The task layer: beat schedule names real tasks; enqueue runs after commit, never before (a task or its name)."""

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


def test_enqueue_by_name_runs_the_registered_task_after_commit(db, django_capture_on_commit_callbacks, monkeypatch):
    from sunshine.core.tasks import enqueue, registered_task
    from sunshine.notify import tasks

    assert registered_task("notify.resend_stale").run is tasks.resend_stale_task.run
    ran = []
    monkeypatch.setattr(tasks.resend_stale_task, "delay", lambda *args: ran.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("notify.resend_stale", 3)
        assert ran == []
    assert ran == [(3,)]


def test_notify_retry_countdowns_follow_the_settings(settings):
    from sunshine.notify.tasks import retry_countdown as notify_countdown

    assert [notify_countdown(n) for n in (1, 2, 3)] == [60, 120, 240]
    settings.NOTIFY_RETRY_SECONDS = 1
    assert [notify_countdown(n) for n in (1, 2, 3)] == [1, 2, 4]


def test_beat_keeps_its_schedule_in_the_data_directory():
    from pathlib import Path

    assert Path(app.conf.beat_schedule_filename).parent == Path(settings.DATA_DIR)
