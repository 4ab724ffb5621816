"""The search index entries (检索条目): one row per searchable object, with the filter columns.

The backend index lives beside it: an FTS5 table `search_fts` (SQLite, rowid = id) or the `tsv` tsvector column of
this table (PostgreSQL); both are created by migration 0002 per database vendor and maintained by `services`.
"""

from django.db import models


class SearchEntry(models.Model):
    """检索条目. `id` is a key derived from `published_at` (newest = largest), so date order is rowid order."""

    id = models.BigIntegerField("排序键", primary_key=True)
    kind = models.CharField("对象类型", max_length=40)
    object_id = models.BigIntegerField("对象编号")
    published_at = models.DateTimeField("发布时间")
    department_id = models.BigIntegerField("发布部门", null=True, blank=True)
    level = models.CharField("层级", max_length=40, blank=True)
    category = models.CharField("主题分类", max_length=60, blank=True)
    genre = models.CharField("体裁分类", max_length=60, blank=True)
    year = models.IntegerField("年度", null=True, blank=True)
    validity = models.CharField("有效性", max_length=20, blank=True)
    title = models.TextField("标题")
    document_number = models.CharField("文号", max_length=200, blank=True)
    text = models.TextField("正文及附件文字", blank=True)
    words = models.TextField("分词（≥3字）", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索条目"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]
        indexes = [
            models.Index(fields=["kind", "department_id"], name="search_entry_kind_dept"),
            models.Index(fields=["kind", "year"], name="search_entry_kind_year"),
            models.Index(fields=["kind", "category"], name="search_entry_kind_cat"),
            models.Index(fields=["kind", "genre"], name="search_entry_kind_genre"),
            models.Index(fields=["kind", "level"], name="search_entry_kind_level"),
            models.Index(fields=["kind", "validity"], name="search_entry_kind_valid"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title[:30]}"
