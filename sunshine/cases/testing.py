"""The exhaustive transition-table test (每个状态×每个操作): shared by every case app's tests.

`walk_transitions` puts a fresh case in every state of the workflow, tries every action through the app's REAL
service (a callable given by the test, with valid arguments), and asserts that exactly the expected (state,
action) pairs succeed: the others must be refused with `TransitionNotAllowed` and leave the case unchanged. The
expected pairs are written out literally in each app's test, and also compared with the declared table, so a
transition allowed from a wrong state fails the test whether it was added to the table or slipped into a service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from sunshine.core.errors import TransitionNotAllowed


class _Rollback(Exception):
    pass


def walk_transitions(workflow, *, make_case: Callable[[str], object], perform: dict[str, Callable[[object], object]],
                     expected: Iterable[tuple[str, str]], states: Iterable[str] | None = None) -> None:
    """Assert that exactly the `expected` (state, action) pairs succeed.

    - `make_case(state)` returns a saved case in `state` (the test may force the status column);
    - `perform[action](case)` runs the app's service for `action` with valid arguments;
    - every pair runs in a savepoint that is rolled back, so the pairs do not see each other.
    """
    expected = set(expected)
    declared = workflow.declared_pairs()
    assert expected == declared, (
        f"{workflow.name}: the test's expected pairs differ from the declared table: "
        f"only in the test {sorted(expected - declared)}, only in the table {sorted(declared - expected)}")
    missing = set(workflow.transitions) - set(perform)
    assert not missing, f"{workflow.name}: no service given for actions {sorted(missing)}"
    states = list(states if states is not None else workflow.states.values)
    wrong: list[str] = []
    for state in states:
        for action, run in perform.items():
            outcome = _try(workflow, make_case, run, state)
            should = (state, action) in expected
            if should and outcome is not True:
                wrong.append(f"({state}, {action}) should succeed but: {outcome}")
            elif not should and outcome is True:
                wrong.append(f"({state}, {action}) succeeded but is not in the table")
            elif not should and outcome != "refused":
                wrong.append(f"({state}, {action}) was not refused as a wrong state but: {outcome}")
    assert not wrong, f"{workflow.name}:\n" + "\n".join(wrong)


def _try(workflow, make_case, run, state):
    try:
        with transaction.atomic():
            case = make_case(state)
            before = workflow.state_of(type(case)._default_manager.get(pk=case.pk))
            assert before == state, f"make_case({state!r}) made a case in {before!r}"
            try:
                run(case)
            except TransitionNotAllowed:
                after = workflow.state_of(type(case)._default_manager.get(pk=case.pk))
                result = "refused" if after == state else f"refused but the state changed to {after}"
            except Exception as exc:  # reported as a failure of the pair
                result = f"{type(exc).__name__}: {exc}"
            else:
                result = True
            raise _Rollback(result)
    except _Rollback as rollback:
        return rollback.args[0]


__all__ = ["walk_transitions"]
