"""Atom feeds (订阅) per topic category and per department."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from sunshine.orgs.models import Department
from sunshine.publications import selectors
from sunshine.publications.models import Category

FEED_SIZE = 30


class _PublicationFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.display_body[:200]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.department.name

    def item_guid(self, item):
        return item.index_number

    item_guid_is_permalink = False

    def _items(self, **filters):
        return list(selectors.public_publications().filter(**filters).select_related("department").only(
            "pk", "status", "index_number", "title", "published_at", "summary", "body", "public_body",
            "department__name").order_by("-published_at", "-id")[:FEED_SIZE])


class CategoryFeed(_PublicationFeed):
    def get_object(self, request, code):
        return get_object_or_404(Category, code=code)

    def title(self, obj):
        return f"政府信息公开 · {obj.name}"

    def link(self, obj):
        return reverse("publications:category", args=[obj.code])

    def subtitle(self, obj):
        return f"主题分类“{obj.name}”最新公开的信息"

    def items(self, obj):
        return self._items(category=obj)


class DepartmentFeed(_PublicationFeed):
    def get_object(self, request, code):
        return get_object_or_404(Department, code=code)

    def title(self, obj):
        return f"政府信息公开 · {obj.name}"

    def link(self, obj):
        return reverse("publications:department", args=[obj.code])

    def subtitle(self, obj):
        return f"{obj.name}最新公开的信息"

    def items(self, obj):
        return self._items(department=obj)
