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
