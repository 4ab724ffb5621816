"""The transition table, exhaustively: every allowed pair succeeds, every other pair raises."""

import pytest

from sunshine.core.errors import TransitionNotAllowed
from sunshine.publications.workflow import TRANSITIONS, Action, Status, capability_for, next_status

EXPECTED = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.LEGALITY_REVIEW, Action.APPROVE_LEGALITY): Status.APPROVED,
    (Status.LEGALITY_REVIEW, Action.RETURN): Status.RETURNED,
    (Status.APPROVED, Action.RETURN): Status.RETURNED,
    (Status.APPROVED, Action.PUBLISH): Status.PUBLISHED,
    (Status.APPROVED, Action.SCHEDULE): Status.SCHEDULED,
    (Status.SCHEDULED, Action.PUBLISH_DUE): Status.PUBLISHED,
    (Status.SCHEDULED, Action.UNSCHEDULE): Status.APPROVED,
    (Status.PUBLISHED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.PUBLISHED, Action.SUPERSEDE): Status.SUPERSEDED,
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_every_pair(status, action):
    if (status, action) == (Status.SUBMITTED, Action.APPROVE_CONFIDENTIALITY):
        assert next_status(status, action, review_steps=2) == Status.LEGALITY_REVIEW
        assert next_status(status, action, review_steps=1) == Status.APPROVED
    elif (status, action) in EXPECTED:
        assert next_status(status, action) == EXPECTED[(status, action)]
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            next_status(status, action)
        assert "不能执行" in exc.value.message


def test_table_has_no_other_pairs():
    assert set(TRANSITIONS) == set(EXPECTED) | {(Status.SUBMITTED, Action.APPROVE_CONFIDENTIALITY)}


def test_terminal_states_have_no_exit():
    for status in (Status.WITHDRAWN, Status.SUPERSEDED):
        assert not [a for (s, a) in TRANSITIONS if s == status]


def test_return_needs_the_capability_of_the_current_step():
    assert capability_for(Status.SUBMITTED, Action.RETURN) == "publications.review_confidentiality"
    assert capability_for(Status.LEGALITY_REVIEW, Action.RETURN) == "publications.review_legality"
    assert capability_for(Status.APPROVED, Action.PUBLISH) == "publications.publish_publication"
