"""The manifest names what the code uses: clock kind, capabilities, the actions' audit labels."""

from sunshine.core.manifest import merged


def test_manifest_registers_the_app_codes():
    from sunshine.participation import permissions
    from sunshine.participation.models import FEEDBACK_CLOCK_KIND
    from sunshine.participation.services import ACTION_LABELS

    assert merged("clock_kinds")[FEEDBACK_CLOCK_KIND] == "点题公开反馈期限"
    labels = merged("audit_labels")
    assert {a: labels[f"participation.topic.{a}"] for a in ACTION_LABELS} == ACTION_LABELS
    roles = merged("roles")
    assert permissions.DISPATCH in roles["政务公开办负责人"] and permissions.ANSWER in roles["经办人"]


def test_manifest_capabilities_are_the_policy_s():
    from sunshine.participation import manifest, permissions

    assert (manifest.DISPATCH, manifest.ANSWER) == (permissions.DISPATCH, permissions.ANSWER)
