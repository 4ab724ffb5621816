"""Every read of disclosure requests (依申请公开), scoped: staff through the app's policy (`permissions.POLICY`:
their department's requests, every department's for the disclosure office and the supervisors; another
department's request is a 404), applicants by the verification secret or their own account."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import reverse

from sunshine.audit.services import events_for
from sunshine.caselinks.services import links_of
from sunshine.clocks.kinds import kind_label
from sunshine.clocks.selectors import clocks_for_case
from sunshine.clocks.services import default_case_key

from .models import DisclosureRequest, RequestDocument
from .permissions import POLICY
from .tracking_codes import check_secret, normalize_code
from .workflow import OPEN_STATES


def requests_visible_to(user) -> QuerySet[DisclosureRequest]:
    """Staff: their department's requests (all departments for the disclosure office and supervisors)."""
    qs = DisclosureRequest.objects.select_related("department", "reply_clock", "supplement_clock")
    return POLICY.visible_to(user, qs)


def staff_request_list(user, *, status: str = "", open_only: bool = False, q: str = "",
                       registered_by_me: bool = False) -> QuerySet[DisclosureRequest]:
    qs = requests_visible_to(user)
    if registered_by_me:
        qs = qs.filter(entered_by_id=user.pk)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN_STATES)
    if q:
        q = q.strip()
        qs = qs.filter(tracking_code__icontains=q) if q.upper().startswith("YSQ") else qs.filter(
            description__icontains=q)
    return qs.order_by("-received_on", "-id")


def registered_by(user) -> QuerySet[DisclosureRequest]:
    """The applications `user` registered at the counter (代为填写), newest first (the counter's queue)."""
    return (requests_visible_to(user).filter(entered_by_id=user.pk)
            .order_by("-submitted_at", "-id"))


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


def released_files(request: DisclosureRequest):
    """The information released with the reply (随答复提供的信息): the reply's files once the reply is issued (a
    draft's files stay unseen by the applicant until the sign-off issues it)."""
    from sunshine.files.models import StoredFile

    if request.status != DisclosureRequest.Status.CLOSED:
        return StoredFile.objects.none()
    return request.reply_files.order_by("id")


def released_files_of_citizen(user, *, limit: int = 10) -> list[tuple[DisclosureRequest, object]]:
    """(request, file) pairs of the files released to the citizen's own requests, newest reply first: two
    queries."""
    requests = list(requests_of_citizen(user).filter(status=DisclosureRequest.Status.CLOSED)
                    .exclude(reply_files=None).order_by("-decided_on", "-id")
                    .prefetch_related("reply_files")[:limit])
    return [(r, f) for r in requests for f in sorted(r.reply_files.all(), key=lambda f: f.pk)][:limit]


def case_files(request: DisclosureRequest) -> dict:
    """Every stored file of the case for its staff page: {StoredFile id: what it is}: the reply's files (released,
    or attached to the draft) and the files of its documents (letters' .docx, uploads)."""
    files = {f.pk: "提供的信息" for f in request.reply_files.all()}
    for doc in request.documents.exclude(file=None).only("file_id", "title"):
        files.setdefault(doc.file_id, doc.title)
    return files


def awaiting_sign_off(user) -> QuerySet[DisclosureRequest]:
    """The drafted replies `user` may sign off now (签发): in their scope, not drafted by them (the workbench)."""
    from sunshine.accounts.scoping import has_capability

    from .permissions import SIGN_OFF

    if not has_capability(user, SIGN_OFF):
        return DisclosureRequest.objects.none()
    return (requests_visible_to(user).filter(status=DisclosureRequest.Status.AWAITING_SIGN_OFF)
            .exclude(drafted_by=user).order_by("drafted_at", "id"))


def case_documents(request: DisclosureRequest) -> QuerySet[RequestDocument]:
    return request.documents.select_related("file").order_by("created_at", "id")


def case_events(request: DisclosureRequest):
    return events_for(request).select_related("actor")


def children_of(request: DisclosureRequest) -> QuerySet[DisclosureRequest]:
    return request.children.select_related("reply_clock").order_by("tracking_code")


def case_clocks(request: DisclosureRequest) -> list[dict]:
    """Every clock of the case (its case key), oldest first: the reply clocks (the current one last; the earlier ones
    transferred or superseded) and the applicant's and third parties' periods. Rows: clock, label (the kind's
    Chinese name), current (the reply clock in force). One query, plus one per kind for its name."""
    rows = list(clocks_for_case(default_case_key(request)).select_related("department"))
    labels = {kind: kind_label(kind) for kind in {c.kind for c in rows}}
    return [{"clock": c, "label": labels[c.kind], "current": c.pk == request.reply_clock_id} for c in rows]


def case_links(user, request: DisclosureRequest) -> list[dict]:
    """The case links of the request (案件关联, both ends: split from / split into …), each with the other case's
    name and, when it is a disclosure request `user` may see, its staff page. Two queries."""
    links = links_of(request)
    own_type = ContentType.objects.get_for_model(DisclosureRequest)
    ids = [int(v.other_id) for v in links if v.other_type == own_type and v.other_id.isdigit()]
    visible = {str(r.pk): r for r in POLICY.visible_to(user, DisclosureRequest.objects.filter(pk__in=ids))
               .only("pk", "tracking_code", "department_id")} if ids else {}
    rows = []
    for view in links:
        other = visible.get(view.other_id) if view.other_type == own_type else None
        rows.append({"label": view.label, "name": other.tracking_code if other else view.other_key,
                     "url": reverse("disclosure_requests:staff-detail", args=[other.pk]) if other else "",
                     "reason": view.link.reason, "created_at": view.link.created_at})
    return rows
