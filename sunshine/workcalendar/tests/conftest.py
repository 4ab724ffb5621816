import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Each test starts (and ends) with no process-level calendar, so rolled-back overrides never leak."""
    from sunshine.workcalendar.cache import reset

    reset()
    yield
    reset()
