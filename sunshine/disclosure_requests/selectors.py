"""Every read of disclosure requests (依申请公开), scoped: staff through the app's policy (`permissions.POLICY`:
their department's requests, every department's for the disclosure office and the supervisors; another
department's request is a 404), applicants by the verification secret or their own account."""

from __future__ import annotations

from django.db.models import QuerySet

from sunshine.audit.services import events_for

from .models import DisclosureRequest, RequestDocument
from .permissions import POLICY
from .tracking_codes import check_secret, normalize_code
from .workflow import OPEN_STATES


def requests_visible_to(user) -> QuerySet[DisclosureRequest]:
    """Staff: their department's requests (all departments for the disclosure office and supervisors)."""
    qs = DisclosureRequest.objects.select_related("department", "reply_clock", "supplement_clock")
    return POLICY.visible_to(user, qs)


def staff_request_list(user, *, status: str = "", open_only: bool = False, q: str = "") -> QuerySet[DisclosureRequest]:
    qs = requests_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN_STATES)
    if q:
        q = q.strip()
        qs = qs.filter(tracking_code__icontains=q) if q.upper().startswith("YSQ") else qs.filter(
            description__icontains=q)
    return qs.order_by("-received_on", "-id")


def request_for_staff(user, pk: int) -> DisclosureRequest:
    """The case for a staff user, or 404 (never 403) when outside their scope."""
    qs = DisclosureRequest.objects.select_related("department", "reply_clock", "supplement_clock", "parent",
                                                  "forwarded_from", "citizen", "extension_approved_by")
    return POLICY.get_visible(user, qs, pk=pk)


def requests_of_citizen(user) -> QuerySet[DisclosureRequest]:
    if not (user and user.is_authenticated and getattr(user, "kind", "") == "citizen"):
        return DisclosureRequest.objects.none()
    return (DisclosureRequest.objects.filter(citizen=user).select_related("department", "reply_clock")
            .order_by("-submitted_at", "-id"))


def request_for_applicant(tracking_code: str, *, secret: str = "", user=None,
                          verified_codes: frozenset | set = frozenset()) -> DisclosureRequest | None:
    """The request for its applicant: by secret, by a code verified earlier in this session, or by the owning
    citizen's session. None when nothing matches (callers answer 404; a wrong secret looks like a wrong code)."""
    code = normalize_code(tracking_code)
    if not code:
        return None
    request = (DisclosureRequest.objects.select_related("department", "reply_clock", "supplement_clock")
               .filter(tracking_code=code).first())
    if request is None:
        return None
    if secret and check_secret(request, secret):
        return request
    if code in verified_codes:
        return request
    if user is not None and user.is_authenticated and request.citizen_id == user.pk:
        return request
    return None


def applicant_documents(request: DisclosureRequest) -> QuerySet[RequestDocument]:
    return request.documents.filter(visible_to_applicant=True).select_related("file").order_by("created_at", "id")


def case_documents(request: DisclosureRequest) -> QuerySet[RequestDocument]:
    return request.documents.select_related("file").order_by("created_at", "id")


def case_events(request: DisclosureRequest):
    return events_for(request).select_related("actor")


def children_of(request: DisclosureRequest) -> QuerySet[DisclosureRequest]:
    return request.children.select_related("reply_clock").order_by("tracking_code")
