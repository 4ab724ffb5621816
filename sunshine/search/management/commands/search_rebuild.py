from django.core.management.base import BaseCommand

from sunshine.search.services import rebuild_index


class Command(BaseCommand):
    help = "重建全文检索索引（修改政务词表或分词规则后运行）"

    def handle(self, *args, **options):
        n = rebuild_index(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"已重建 {n} 条检索条目的索引"))
