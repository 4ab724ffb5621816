"""The public column 政府信息公开 (/gk/): guide, catalogue, item pages, search, feeds."""

from __future__ import annotations

import hashlib
import math

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sunshine.core.errors import DomainError
from sunshine.orgs.models import Department, Division
from sunshine.publications import selectors, tables
from sunshine.publications.forms import SearchForm, catalogue_year
from sunshine.publications.models import Category, DisclosureGuide, Genre, Publication
from sunshine.publications.pagecache import anonymous_context, current_version, public_page
from sunshine.publications.permissions import GUIDES

PAGE_SIZE = 20
MAX_PAGES = 500  # the newest 10,000 items of any listing; older ones by year, category, department or search
COUNT_CACHE_SECONDS = 120


class Page:
    """A catalogue page: its rows in one query (page_size + 1 of them), its exact total from the tally.

    Page numbers stop at `MAX_PAGES`: walking to page 40,000 of an unfiltered catalogue means skipping
    800,000 rows. Beyond it (`too_deep`) no rows are read and the page offers the years instead.
    """

    def __init__(self, filters: dict, *, number: int, size: int = PAGE_SIZE, max_pages: int | None = None):
        self.number = max(1, number)
        self.max_pages = max_pages = max_pages or MAX_PAGES
        self.too_deep = self.number > max_pages
        rows = [] if self.too_deep else selectors.public_list_rows(offset=(self.number - 1) * size,
                                                                    limit=size + 1, **filters)
        self.object_list = rows[:size]
        self.more_beyond_limit = len(rows) > size and self.number == max_pages
        self.has_next = len(rows) > size and self.number < max_pages
        self.has_previous = self.number > 1
        self.previous_page_number = min(self.number - 1, max_pages)
        self.next_page_number = self.number + 1
        # the exact total is a SUM over the tally; cached per content version like the pages themselves
        key = "gk-count:" + hashlib.sha1(f"{current_version()}|{sorted(filters.items())}".encode()).hexdigest()
        self.count = cache.get(key)
        if self.count is None:
            self.count = selectors.public_count(**filters)
            cache.set(key, self.count, COUNT_CACHE_SECONDS)
        # page count (共 N 页) for the jump form; never beyond the pages a reader may open
        self.num_pages = max(1, min(max_pages, math.ceil(self.count / size)))
        self.years = []
        if self.too_deep or self.more_beyond_limit:
            self.years = selectors.public_years(**{k: v for k, v in filters.items() if k != "year"})


FILTER_OPTIONS_SECONDS = 300


def catalogue_filter_options() -> dict:
    """The choices of the catalogue's filter form (years, departments with public items, categories, genres),
    cached per content version like the pages: four small queries once, none on the following pages."""
    key = f"gk-filter-options:{current_version()}"
    options = cache.get(key)
    if options is None:
        options = {
            "years": selectors.public_years(),
            "departments": [(d.code, d.name) for d in selectors.departments_with_counts()],
            "categories": list(Category.objects.filter(is_active=True).values_list("code", "name")),
            "genres": list(Genre.objects.filter(is_active=True).values_list("code", "name")),
        }
        cache.set(key, options, FILTER_OPTIONS_SECONDS)
    return options


def _int(value, default=1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_safe
@public_page
def index(request):
    latest = list(selectors.public_list()[:12])
    return render(request, "publications/public/index.html", {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "latest": latest, "categories": selectors.category_counts(),
        "guides": list(selectors.guides().only("pk", "department__name", "department__code")),
    })


@require_safe
@public_page
def guide(request, code: str | None = None):
    guides = selectors.guides()
    if code:
        item = get_object_or_404(guides, department__code=code)
    else:
        item = guides.filter(department__code="zfb").first() or guides.first()
        if item is None:
            raise Http404("尚未发布政府信息公开指南")
    return render(request, "publications/public/guide.html", {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "guide": item, "guides": list(guides.only("pk", "department__name", "department__code")),
        "can_edit_guide": GUIDES.may_edit(request.user, item.department),
    })


@require_safe
@public_page
def catalogue(request, category_code: str | None = None, department_code: str | None = None):
    category = get_object_or_404(Category, code=category_code) if category_code else None
    department = get_object_or_404(Department, code=department_code) if department_code else None
    if category is None and request.GET.get("category"):
        category = Category.objects.filter(code=request.GET["category"]).first()
    if department is None and request.GET.get("department"):
        department = Department.objects.filter(code=request.GET["department"]).first()
    genre = Genre.objects.filter(code=request.GET["genre"]).first() if request.GET.get("genre") else None
    try:
        year = catalogue_year(request.GET.get("year"))
    except ValidationError as exc:
        return render(request, "400.html", {"message": exc.messages[0]}, status=400)
    filters = {"category": category and category.pk, "department": department and department.pk,
               "genre": genre and genre.pk, "year": year or None}
    page = Page({k: v for k, v in filters.items() if v}, number=_int(request.GET.get("page")))
    return render(request, "publications/public/catalogue.html", {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "page": page, "category": category, "department": department, "genre": genre,
        "year": year or "", "options": catalogue_filter_options(),
        "filtered": any(filters.values()),
        # Only departments that have published a guide get the link (otherwise it would be a 404).
        "department_has_guide": bool(department) and selectors.guides().filter(department=department).exists(),
    })


@require_safe
@public_page
def departments(request):
    return render(request, "publications/public/departments.html", {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "departments": selectors.departments_with_counts(),
    })


def _item_context(request, item: Publication) -> dict:
    interpretations, interprets = selectors.public_interpretations(item)
    return {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "item": item,
        "attachments": selectors.public_attachments(item) if item.status == "published" else [],
        "table": tables.parse_table_text(item.display_table_text) if item.status == "published" else None,
        "interpretations": interpretations, "interprets": interprets,
    }


@require_safe
@public_page
def item(request, pk: int):
    found = selectors.public_item(pk)
    if found is None:
        raise Http404("未找到该信息")
    return render(request, "publications/public/item.html", _item_context(request, found))


@require_safe
@public_page
def item_print(request, pk: int):
    found = selectors.public_item(pk)
    if found is None:
        raise Http404("未找到该信息")
    return render(request, "publications/public/item_print.html", _item_context(request, found))


@require_safe
def attachment(request, pk: int, attachment_id: int):
    from sunshine.files.views import serve_stored_file

    found = selectors.public_item(pk)
    if found is None or found.status != "published":
        raise Http404("未找到该附件")
    for a in selectors.public_attachments(found):
        if a.pk == attachment_id:
            return serve_stored_file(request, a.public_file)
    raise Http404("未找到该附件")


@require_safe
def by_index_number(request):
    found = selectors.public_item_by_index((request.GET.get("n") or "").strip())
    if found is None:
        raise Http404("未找到该索引号")
    from django.shortcuts import redirect

    return redirect(found)


@require_safe
def search(request):
    from sunshine.search import services as search_services

    form = SearchForm(request.GET or None)
    result, error, items, exact = None, "", [], []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        filters = {k: data[k] for k in ("department", "category", "genre", "year", "validity", "level") if data[k]}
        exact = selectors.public_items_by_number(data["q"])  # 索引号 / 文号 typed exactly: those items first
        try:
            result = search_services.search(kind="publication", query=data["q"], filters=filters,
                                            order=data["order"] or "relevance", page=_int(request.GET.get("page")),
                                            page_size=PAGE_SIZE)
        except DomainError as exc:
            error = exc.message
        if result is not None:
            ids = [h.object_id for h in result.hits]
            rows = {p.pk: p for p in selectors.public_publications().filter(pk__in=ids).select_related(
                "department", "category", "genre").only(
                "pk", "index_number", "title", "document_number", "published_at", "validity",
                "department__name", "category__name", "genre__name")}
            items = [(h, rows[h.object_id]) for h in result.hits if h.object_id in rows]
        if exact and _int(request.GET.get("page")) <= 1:
            pinned = {p.pk for p in exact}
            hits = {p.pk: h for h, p in items}
            items = [(hits.get(p.pk), p) for p in exact] + [(h, p) for h, p in items if p.pk not in pinned]
    elif form.is_bound and not form.is_valid():
        error = form.first_error() or "检索条件有误，请检查。"
    return render(request, "publications/public/search.html", {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "form": form, "result": result, "items": items, "error": error, "exact_ids": {p.pk for p in exact},
        "departments": Department.objects.filter(is_active=True).only("pk", "name"),
        "categories": Category.objects.filter(is_active=True), "genres": Genre.objects.filter(is_active=True),
        "levels": Division.Level.choices,
    })


@require_safe
@public_page
def guides_list(request):
    return render(request, "publications/public/guides.html", {
        "NAV_SECTION": "gk", **anonymous_context(request),
        "guides": list(DisclosureGuide.objects.select_related("department")
                                            .order_by("department__sort_order", "department__code")),
    })
