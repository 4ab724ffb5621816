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


class Synonym(models.Model):
    """检索同义词: a query for `term` also finds what `synonym` finds (and, if `two_way`, the reverse).

    Government terms and their everyday short forms (低保 ↔ 最低生活保障, 医保 ↔ 医疗保险): the query's terms are
    expanded (`synonyms.synonym_map`, `tokenize.parse_query`), never the indexed documents, so an edit here takes
    effect on the next query without re-indexing. Stored normalised (NFKC, lower case, simplified characters).
    """

    term = models.CharField("检索词", max_length=30)
    synonym = models.CharField("同义词", max_length=30)
    two_way = models.BooleanField("双向", default=True, help_text="检索同义词时也能查到检索词的结果")
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索同义词"
        ordering = ["term", "synonym"]
        constraints = [
            models.UniqueConstraint(fields=["term", "synonym"], name="search_synonym_unique_pair"),
            models.CheckConstraint(condition=~models.Q(term=models.F("synonym")), name="search_synonym_not_same"),
        ]

    def __str__(self):
        return f"{self.term} {'↔' if self.two_way else '→'} {self.synonym}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from sunshine.search.tokenize import clean_synonym_text

        errors = {}
        for field in ("term", "synonym"):
            try:
                setattr(self, field, clean_synonym_text(getattr(self, field)))
            except ValidationError as exc:
                errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)
        if self.term == self.synonym:
            raise ValidationError({"synonym": "同义词不能与检索词相同。"})
