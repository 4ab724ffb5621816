"""`sunshine audit verify`: walk the audit hash chain (chain.py) and report the first broken link.

Exit status 0 when every link holds (and, with --expect-head, the chain still ends where it did); 1 otherwise.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sunshine.audit.services import verify_chain


class Command(BaseCommand):
    help = "审计日志哈希链：verify 逐条校验，报告第一处断链（失败时退出码为 1）"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        check = commands.add_parser("verify", help="逐条校验审计日志哈希链")
        check.add_argument("--database", default="default")
        check.add_argument("--expect-head", default="",
                           help="先前记下的链尾「ID:哈希」；该事件必须仍在链上且哈希不变（发现删除最新事件）")

    def handle(self, *args, action, database, expect_head, **options):
        verdict = verify_chain(using=database)
        if not verdict.ok:
            raise CommandError(
                f"审计日志哈希链断裂 audit chain broken: 第一处断链在事件 id={verdict.broken_id}"
                f"（其前 {verdict.checked} 条完好）：{verdict.problem}", returncode=1)
        if expect_head:
            head_id, _, head_hash = expect_head.partition(":")
            from sunshine.audit.models import AuditEvent

            kept = AuditEvent.objects.using(database).filter(pk=int(head_id)).values_list("hash", flat=True).first()
            if kept != head_hash:
                raise CommandError(
                    f"审计日志哈希链断裂 audit chain broken: 记下的链尾 id={head_id} "
                    f"{'已不存在（事件被删除）' if kept is None else '的哈希已改变'}", returncode=1)
        self.stdout.write(f"审计日志哈希链完好 audit chain OK: {verdict.checked} 条事件；"
                          f"链尾 head {verdict.head_id or 0}:{verdict.head_hash}")
