import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Each test starts (and ends) with no process-level calendar, so rolled-back overrides never leak."""
    from sunshine.workcalendar.cache import reset

    reset()
    yield
    reset()


@pytest.fixture
def subject(departments):
    """Any saved model instance can be a clock's subject; tests use a department."""
    return departments["zjj"]


@pytest.fixture
def start_clock(departments, subject):
    from sunshine.clocks.services import clock_start

    def _start(started_on, limit_days=20, *, department="fgw", kind="disclosure_request.reply", **extra):
        return clock_start(kind=kind, subject=subject, department=departments[department], started_on=started_on,
                           limit_days=limit_days, label=extra.pop("label", "测试申请"), **extra)

    return _start
