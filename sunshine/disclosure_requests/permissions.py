"""Capabilities of disclosure requests (依申请公开): handle a request, approve an extension, read the requests.

The default roles that hold them are declared in the app's manifest (sunshine/disclosure_requests/manifest.py)."""

HANDLE = "disclosure_requests.handle_request"
APPROVE_EXTENSION = "disclosure_requests.approve_extension"
VIEW = "disclosure_requests.view_disclosurerequest"
