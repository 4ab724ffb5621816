"""The manifest names what the code uses: clock kind, capabilities, every action of the transition table."""

from sunshine.core.manifest import merged


def test_manifest_registers_the_app_codes():
    from sunshine.publications.services import TIMELINESS_KIND
    from sunshine.publications.workflow import WORKFLOW, Action

    assert merged("clock_kinds")[TIMELINESS_KIND] == "主动公开时效"
    labels = merged("audit_labels")
    assert {f"publication.{a.value}": labels.get(f"publication.{a.value}") for a in Action} == {
        f"publication.{a.value}": a.label for a in Action}
    granted = {c for capabilities in merged("roles").values() for c in capabilities}
    needed = set()
    for transition in WORKFLOW.transitions.values():
        capability = transition.capability
        needed |= set(capability.values()) if isinstance(capability, dict) else {capability} - {None}
    assert needed and needed <= granted
