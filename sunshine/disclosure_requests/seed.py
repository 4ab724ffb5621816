"""Synthetic disclosure requests at scale (`sunshine seed --disclosure-requests N`), for the request-table and list
benchmarks. bulk_create, realistic distributions: ~85 % natural persons, outcomes weighted like county annual
reports, received over 2024–2026, ~4 % still open. No clocks or audit events (read-side benchmarks only)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sunshine.orgs.models import Department

from .models import DisclosureRequest
from .outcomes import ApplicantType, Outcome
from .services import hash_secret
from .workflow import Status

TYPE_WEIGHTS = [(ApplicantType.NATURAL_PERSON, 85), (ApplicantType.COMMERCIAL_ENTERPRISE, 8),
                (ApplicantType.RESEARCH_INSTITUTION, 1), (ApplicantType.PUBLIC_WELFARE_ORGANIZATION, 1),
                (ApplicantType.LEGAL_SERVICE_INSTITUTION, 3), (ApplicantType.OTHER_ORGANIZATION, 2)]
OUTCOME_WEIGHTS = [(Outcome.DISCLOSED, 40), (Outcome.ALREADY_PUBLISHED, 8), (Outcome.PARTIALLY_DISCLOSED, 6),
                   (Outcome.REFUSED_THIRD_PARTY, 2), (Outcome.REFUSED_PROCESS_INFO, 2),
                   (Outcome.REFUSED_STATE_SECRET, 1),
                   (Outcome.REFUSED_LAW_FORBIDS, 1), (Outcome.REFUSED_SECURITY_STABILITY, 1),
                   (Outcome.REFUSED_INTERNAL_AFFAIRS, 1), (Outcome.REFUSED_ENFORCEMENT_FILE, 1),
                   (Outcome.REFUSED_ADMIN_QUERY, 1), (Outcome.NOT_HELD, 12), (Outcome.NOT_THIS_AGENCY, 4),
                   (Outcome.NEEDS_PRODUCTION, 3), (Outcome.UNCLEAR_AFTER_SUPPLEMENT, 2),
                   (Outcome.PETITION_COMPLAINT, 3), (Outcome.REPEATED, 3), (Outcome.PUBLICATION, 1),
                   (Outcome.EXCESSIVE, 1), (Outcome.CONFIRM_OR_REISSUE, 1), (Outcome.SUPPLEMENT_NOT_PROVIDED, 3),
                   (Outcome.FEE_NOT_PAID, 1), (Outcome.SPECIAL_REGISTRATION, 1), (Outcome.WITHDRAWN, 2),
                   (Outcome.OTHER, 1)]
OPEN_STATES = [Status.PROCESSING, Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING,
               Status.AWAITING_FEE]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def run(n: int, *, stdout, batch_size: int = 5000) -> None:
    rng = random.Random(20260101)
    departments = list(Department.objects.values_list("pk", flat=True))
    if not departments:
        stdout.write("没有部门：请先运行 load_demo")
        return
    secret_hash = hash_secret("SEED-SEED-SEED")
    start = dt.date(2024, 1, 1)
    span = (dt.date(2026, 12, 20) - start).days
    run_id = rng.randrange(36**6) ^ int(timezone.now().timestamp())
    batch: list[DisclosureRequest] = []
    created = 0
    for i in range(n):
        received = start + dt.timedelta(days=rng.randrange(span))
        applicant_type = _weighted(rng, TYPE_WEIGHTS)
        is_open = rng.random() < 0.04
        status = rng.choice(OPEN_STATES) if is_open else Status.CLOSED
        outcome = "" if is_open else _weighted(rng, OUTCOME_WEIGHTS)
        decided = None if is_open else received + dt.timedelta(days=rng.randint(1, 40))
        natural = applicant_type == ApplicantType.NATURAL_PERSON
        batch.append(DisclosureRequest(
            tracking_code=f"SEED{run_id:x}-{i:08d}", verification_secret_hash=secret_hash,
            department_id=rng.choice(departments), applicant_name="测试申请人", applicant_type=applicant_type,
            id_type="resident_id" if natural else "credit_code",
            id_number="11010519491231002X" if natural else "91110000600037341L", phone="13800000000",
            address="随县", description="合成数据", form="electronic", delivery="online", channel="online",
            submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(10, 0))), received_on=received,
            status=status, outcome=outcome, decided_on=decided))
        if len(batch) >= batch_size:
            DisclosureRequest.objects.bulk_create(batch, batch_size=batch_size)
            created += len(batch)
            batch = []
    if batch:
        DisclosureRequest.objects.bulk_create(batch, batch_size=batch_size)
        created += len(batch)
    stdout.write(f"disclosure_requests: 已生成 {created} 件申请")
