"""The manifest names what the code uses: clock kinds and capabilities."""

from sunshine.core.manifest import merged


def test_manifest_registers_the_app_codes():
    from sunshine.disclosure_requests import permissions
    from sunshine.disclosure_requests.services import REPLY_CLOCK, SUPPLEMENT_CLOCK

    kinds = merged("clock_kinds")
    assert (kinds[REPLY_CLOCK], kinds[SUPPLEMENT_CLOCK]) == ("依申请公开答复期限", "依申请公开补正期限")
    roles = merged("roles")
    assert permissions.APPROVE_EXTENSION in roles["政务公开办负责人"]
    assert {permissions.HANDLE, permissions.VIEW} <= set(roles["经办人"])


def test_manifest_capabilities_are_the_policy_s():
    from sunshine.disclosure_requests import manifest, permissions

    assert (manifest.HANDLE, manifest.APPROVE_EXTENSION, manifest.VIEW, manifest.SIGN_OFF, manifest.REGISTER) == (
        permissions.HANDLE, permissions.APPROVE_EXTENSION, permissions.VIEW, permissions.SIGN_OFF,
        permissions.REGISTER)


def test_the_reviewer_and_the_office_head_sign_off_by_default_and_the_clerk_does_not():
    from sunshine.disclosure_requests import permissions

    roles = merged("roles")
    assert permissions.SIGN_OFF in roles["审核人"] and permissions.SIGN_OFF in roles["政务公开办负责人"]
    assert permissions.SIGN_OFF not in roles["经办人"] and permissions.SIGN_OFF not in roles["监察"]
