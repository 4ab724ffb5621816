"""Conversions between case apps (案件转换): one case that is really another kind of case (a hotline ticket that is
a disclosure request, 依申请公开) becomes one in the receiving app, with a `converted_to` case link at both ends.

A domain app never imports another (import-linter `domains`). So the *receiving* app owns the conversion and
registers it here, in its `AppConfig.ready()`; the *source* app asks for it by name:

    # receiving app (sunshine/disclosure_requests/apps.py → conversions.py)
    conversions.register(Converter(name="disclosure_request", label="依申请公开申请",
                                   form_class=StaffConversionForm, initial=initial_from, convert=from_case))

    # source app (hotline services, inside its own workflow step)
    converter = conversions.get("disclosure_request")          # DomainError when the app is not installed
    form = converter.form_class(data=request.POST)               # the receiving app's own fields and checks
    result = converter.convert(source=ticket, data=form.cleaned_data, actor=user)   # → Conversion

`convert` creates the new case through the receiving app's own intake service and records
`caselinks.services.link_cases(source, target, "converted_to", actor=…)`; it runs in the caller's transaction, so
a refusal (DomainError) leaves nothing behind on either side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from sunshine.core.errors import DomainError


@dataclass(frozen=True)
class Conversion:
    """What a conversion made: the new case, its reference (tracking code) for the source's records, and the
    one-time secret to tell the citizen ("" when the receiving app has none)."""

    target: models.Model
    reference: str
    secret: str = ""


@dataclass(frozen=True)
class Converter:
    """A conversion offered by a receiving app.

    - `form_class`: a Django form of the fields the receiving app needs beyond the source's text (staff fill it);
    - `initial(summary)`: the form's initial values from a plain summary of the source case
      (`{"name", "phone", "text", "department_code"}`: whatever the source knows);
    - `convert(*, source, data, actor)`: makes the new case from the form's `cleaned_data` and links both ends.
    """

    name: str
    label: str
    form_class: type
    convert: Callable[..., Conversion]
    initial: Callable[[Mapping[str, Any]], dict] = field(default=lambda summary: {})


_REGISTRY: dict[str, Converter] = {}


def register(converter: Converter) -> None:
    """Register (or replace, e.g. on a test's reload) a conversion under its name."""
    _REGISTRY[converter.name] = converter


def get(name: str) -> Converter:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise DomainError("该转换方式未启用。", code="unknown_conversion") from None


def available() -> list[Converter]:
    return sorted(_REGISTRY.values(), key=lambda c: c.name)


__all__ = ["Conversion", "Converter", "available", "get", "register"]
