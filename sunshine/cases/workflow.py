"""The workflow engine (流程引擎): one transition path for every kind of case.

An app declares its states as `TextChoices` and its transitions as data (`Transition` rows in a `Workflow`, in
the app's `workflow.py`). Services run every state change through `Workflow.step`, which

1. opens a transaction and locks the case row (`SELECT … FOR UPDATE`);
2. checks the transition table (the action is allowed from the current state, else `TransitionNotAllowed`, 409)
   and, for a staff actor, the app's permission policy (`policy.can`: scope and capability, else
   `CapabilityRequired`, 403);
3. lets the service do its own work inside the block (validation, clocks, letters, more fields);
4. on leaving the block, writes the new status with a compare-and-set (`UPDATE … WHERE status = <from>`: a
   concurrent change is refused, never overwritten), appends the audit event with the from and to status as
   columns, and schedules the service's notifications for after the commit.

    with WORKFLOW.step(request, "reply", actor=clerk, reason=text) as step:
        step.obj            # the locked row
        ...                 # the service's own rules; raise DomainError to refuse (nothing is saved)
        step.set(outcome="disclosed", decided_on=on)     # saved with the status, in the same UPDATE
        step.audit(after={"outcome": "disclosed"})        # extra facts for the audit event
        step.on_commit(lambda: notify(...))              # runs only if the transaction commits

Pages and the API ask `allowed_actions(user, obj)` for their buttons; they never rebuild the rule. The
exhaustive (state × action) test helper is `sunshine.cases.testing.walk_transitions`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from sunshine.accounts.scoping import has_capability
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed

# Who performs a transition without a staff capability.
APPLICANT = "applicant"  # the applicant's own action (checked by the app: secret, own account)
SYSTEM = "system"  # a periodic job or another transition (e.g. a lapsed period)


@dataclass(frozen=True)
class Transition:
    """One row of a transition table (流转规则).

    - `sources`: the states it may start from;
    - `target`: the state it leads to; None keeps the state (a step inside a state, e.g. an extension); a callable
      `target(obj) -> state` where the case decides (e.g. a one- or two-step review chain);
    - `capability`: the staff capability needed ("app_label.codename"), a mapping {source state: capability} where
      it depends on the step, or None when only the applicant or the system performs it (`performed_by`);
    - `clock`: the clock operation that follows, declared for readers, docs and the table test ("start reply",
      "pause reply", "stop reply", "transfer reply", …; "" for none);
    - `notify`: who is told ("applicant", "department", "" for nobody);
    - `audit`: the audit action code (default "<audit_prefix>.<name>");
    - `denied`: the Chinese message when the capability is missing.
    """

    name: str
    label: str
    sources: frozenset
    target: str | Callable[[Any], str] | None
    capability: str | Mapping[str, str] | None
    clock: str = ""
    notify: str = ""
    audit: str = ""
    denied: str = ""
    performed_by: str = ""  # APPLICANT or SYSTEM when capability is None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        if self.capability is None and self.performed_by not in (APPLICANT, SYSTEM):
            object.__setattr__(self, "performed_by", APPLICANT)

    def capability_from(self, state: str) -> str | None:
        if isinstance(self.capability, Mapping):
            return self.capability.get(state)
        return self.capability

    def target_from(self, state: str, obj=None) -> str:
        if self.target is None:
            return state
        if callable(self.target):
            return self.target(obj)
        return self.target


class Workflow:
    """A declared state machine of one aggregate: its states, its transitions, its permission policy."""

    def __init__(self, *, name: str, states: type[models.TextChoices], transitions: Iterable[Transition],
                 audit_prefix: str, status_field: str = "status", policy=None):
        self.name = name
        self.states = states
        self.audit_prefix = audit_prefix
        self.status_field = status_field
        self.policy = policy
        if policy is not None and getattr(policy, "workflow", None) is None:
            policy.workflow = self
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            if t.name in self.transitions:
                raise ValueError(f"duplicate transition {t.name!r} in workflow {name!r}")
            unknown = {s for s in t.sources if s not in states.values}
            if isinstance(t.target, str) and t.target not in states.values:
                unknown.add(t.target)
            if unknown:
                raise ValueError(f"transition {t.name!r} of {name!r} names unknown states {sorted(unknown)}")
            self.transitions[t.name] = t

    def __repr__(self) -> str:
        return f"<Workflow {self.name}: {len(self.transitions)} transitions>"

    # --- the table --------------------------------------------------------------------------------------------
    def get(self, action: str) -> Transition:
        try:
            return self.transitions[action]
        except KeyError:
            raise DomainError(f"未知的操作：{action}", code="unknown_action") from None

    def state_label(self, state: str) -> str:
        try:
            return self.states(state).label
        except ValueError:
            return state

    def ensure(self, action: str, state: str) -> Transition:
        """The transition of `action` from `state`, or `TransitionNotAllowed` with a Chinese message."""
        t = self.get(action)
        if state not in t.sources:
            raise TransitionNotAllowed(f"当前状态为“{self.state_label(state)}”，不能执行“{t.label}”。",
                                       code="transition_not_allowed")
        return t

    def actions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]

    def declared_pairs(self) -> set[tuple[str, str]]:
        """Every (state, action) pair the table allows."""
        return {(s, t.name) for t in self.transitions.values() for s in t.sources}

    # --- who may -----------------------------------------------------------------------------------------------
    def state_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def may(self, user, action: str, obj) -> bool:
        """Whether staff `user` may perform `action` on `obj` now: state, capability and scope (the policy)."""
        t = self.transitions.get(action)
        if t is None or self.state_of(obj) not in t.sources:
            return False
        capability = t.capability_from(self.state_of(obj))
        if capability is None:
            return False
        if self.policy is not None:
            return self.policy.can(user, action, obj, capability=capability)
        return has_capability(user, capability)

    def allowed_actions(self, user, obj) -> list[Transition]:
        """The transitions `user` may perform on `obj` now, in table order (for the buttons of a page or the API)."""
        return [t for t in self.actions_from(self.state_of(obj)) if self.may(user, t.name, obj)]

    def _authorize(self, t: Transition, actor, obj, *, performed_by: str) -> None:
        state = self.state_of(obj)
        capability = t.capability_from(state)
        if capability is None:
            if performed_by not in (APPLICANT, SYSTEM):
                raise CapabilityRequired(t.denied or f"“{t.label}”只能由申请人或系统执行。")
            return
        if performed_by == SYSTEM:
            return
        if self.policy is not None:
            if not self.policy.can(actor, t.name, obj, capability=capability):
                if self.policy.can_see(actor, obj):
                    raise CapabilityRequired(t.denied or f"您没有“{t.label}”的权限。")
                outside = getattr(self.policy, "out_of_scope_message", "") or "该案件不属于您所在的部门。"
                raise CapabilityRequired(outside)
            return
        if not has_capability(actor, capability):
            raise CapabilityRequired(t.denied or f"您没有“{t.label}”的权限。")

    # --- the one transition path -------------------------------------------------------------------------------
    def step(self, obj: models.Model, action: str, *, actor=None, reason: str = "", performed_by: str = "",
             department=None, lock_related: Iterable[str] = ()) -> Step:
        """Begin `action` on `obj` (a context manager, see the module docstring).

        `performed_by`: "" for a staff actor (capability and scope checked by the policy), APPLICANT for the
        applicant's own action (the app has checked the secret or the account), SYSTEM for a job. Both skip the
        capability check; the state is always checked.
        """
        return Step(self, obj, action, actor=actor, reason=reason, performed_by=performed_by, department=department,
                    lock_related=tuple(lock_related))

    def transition(self, obj: models.Model, action: str, *, actor=None, reason: str = "", performed_by: str = "",
                   fields: Mapping[str, Any] | None = None, audit_after: Mapping[str, Any] | None = None,
                   department=None, on_commit: Callable[[], Any] | None = None):
        """A transition with nothing to do but the table's: `step` without a block. Returns the locked row."""
        with self.step(obj, action, actor=actor, reason=reason, performed_by=performed_by,
                       department=department) as step:
            if fields:
                step.set(**fields)
            if audit_after:
                step.audit(after=dict(audit_after))
            if on_commit is not None:
                step.on_commit(on_commit)
        return step.obj


class Step:
    """A transition in progress (see `Workflow.step`)."""

    def __init__(self, workflow: Workflow, obj, action: str, *, actor, reason: str, performed_by: str, department,
                 lock_related: tuple[str, ...]):
        self.workflow = workflow
        self.original = obj
        self.action = action
        self.actor = actor
        self.reason = reason
        self.performed_by = performed_by
        self.department = department
        self.lock_related = lock_related
        self.obj = None
        self.transition: Transition | None = None
        self.source = ""
        self.target = ""
        self.fields: dict[str, Any] = {}
        self.before: dict[str, Any] = {}
        self.after: dict[str, Any] = {}
        self._callbacks: list[Callable[[], Any]] = []
        self._atomic = None
        self.event = None

    # --- used by the service inside the block ------------------------------------------------------------------
    def set(self, **fields) -> None:
        """Fields saved together with the status, in the compare-and-set UPDATE (also set on `obj` now)."""
        for name, value in fields.items():
            setattr(self.obj, name, value)
        self.fields.update(fields)

    def go(self, target: str) -> None:
        """Choose the target state where the table leaves it to the case (a callable target)."""
        if target not in self.workflow.states.values:
            raise ValueError(f"unknown state {target!r}")
        self.target = target

    def audit(self, *, before: Mapping | None = None, after: Mapping | None = None, reason: str | None = None) -> None:
        if before:
            self.before.update(before)
        if after:
            self.after.update(after)
        if reason is not None:
            self.reason = reason

    def on_commit(self, callback: Callable[[], Any]) -> None:
        """Run `callback` after the transaction commits (notifications, letters' files); never on rollback."""
        self._callbacks.append(callback)

    # --- the context manager -----------------------------------------------------------------------------------
    def __enter__(self) -> Step:
        wf = self.workflow
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            model = type(self.original)
            queryset = model._default_manager.select_for_update()
            if self.lock_related:
                queryset = queryset.select_related(*self.lock_related)
            try:
                self.obj = queryset.get(pk=self.original.pk)
            except model.DoesNotExist:
                raise DomainError("该案件不存在或已被删除。", code="not_found") from None
            self.source = wf.state_of(self.obj)
            self.transition = wf.ensure(self.action, self.source)
            wf._authorize(self.transition, self.actor, self.obj, performed_by=self.performed_by)
            self.target = self.transition.target_from(self.source, self.obj)
        except BaseException as exc:
            self._atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            return bool(self._atomic.__exit__(exc_type, exc, tb))
        try:
            self._finish()
        except BaseException as error:
            self._atomic.__exit__(type(error), error, error.__traceback__)
            raise
        self._atomic.__exit__(None, None, None)
        return False

    def _finish(self) -> None:
        from sunshine.audit.services import record

        wf = self.workflow
        model = type(self.obj)
        values = dict(self.fields)
        values[wf.status_field] = self.target
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            values.setdefault("updated_at", timezone.now())
        updated = model._default_manager.filter(pk=self.obj.pk, **{wf.status_field: self.source}).update(**values)
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable on both databases
            raise TransitionNotAllowed("该案件已被他人处理，请刷新后重试。", code="concurrent_change")
        for name, value in values.items():
            setattr(self.obj, name, value)
        department = self.department
        if department is None:
            department = getattr(self.obj, "department", None) if hasattr(self.obj, "department_id") else None
        after = {"status": self.target, **self.after}
        before = {"status": self.source, **self.before}
        self.event = record(action=self.transition.audit or f"{wf.audit_prefix}.{self.action}", target=self.obj,
                            actor=self.actor, before=before, after=after, reason=self.reason or "",
                            department=department, from_status=self.source, to_status=self.target)
        for callback in self._callbacks:
            transaction.on_commit(callback)
        # keep the caller's instance current
        for name, value in values.items():
            setattr(self.original, name, value)


__all__ = ["APPLICANT", "SYSTEM", "Step", "Transition", "Workflow"]
