"""The department choice (受理机关、承办部门) of every form: grouped by level and town, filterable by typing.

A county has ~25 county-level departments and ~17 towns with ~50 villages (社区): a flat list of 90+ names is
unusable. `DepartmentChoiceField` renders one <optgroup> for the county's departments and one per town (the town's
government first, then its villages), and marks the <select> `data-filter` so that portal/select-filter.js adds a
type-to-filter box (progressive enhancement: without JavaScript the grouped list works as it is).
"""

from __future__ import annotations

from django import forms
from django.utils.choices import BaseChoiceIterator

from .models import Department, Division

COUNTY_GROUP = "县级部门"


def active_departments():
    return Department.objects.filter(is_active=True).select_related("division", "division__parent")


def grouped_departments(departments) -> list[tuple[str, list[Department]]]:
    """[(group label, [department, …]), …]: the county's departments first (in their sort order), then each town
    with the departments of the town and of its villages (the town's government first)."""
    county: list[Department] = []
    towns: dict[int, tuple[Division, list[Department]]] = {}
    for department in sorted(departments, key=lambda d: (d.sort_order, d.code)):
        division = department.division
        if division.level == Division.Level.COUNTY:
            county.append(department)
            continue
        town = division if division.level == Division.Level.TOWN else (division.parent or division)
        towns.setdefault(town.pk, (town, []))[1].append(department)
    groups = [(COUNTY_GROUP, county)] if county else []
    for town, members in sorted(towns.values(), key=lambda item: item[0].code):
        members.sort(key=lambda d: (d.division.level != Division.Level.TOWN, d.division.code, d.sort_order, d.code))
        groups.append((town.name, members))
    return groups


class _GroupedChoices(BaseChoiceIterator):
    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        to_field = self.field.to_field_name or "pk"
        for label, members in grouped_departments(self.field.queryset):
            yield (label, [(getattr(d, to_field), d.name) for d in members])


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department, chosen from a list grouped by level and town (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", active_departments())
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("data-filter", "输入名称筛选")

    def _get_choices(self):
        return _GroupedChoices(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)
