"""The kinds of document (文书类别) the case apps issue. An app registers each kind once at start-up (its
AppConfig.ready or its manifest): `register(DocumentKind(code=…, title=…, template=…))`.

The kernel reads a kind to render a document (its on-disk template, the office's `DocumentTemplate` overriding it),
to check a staff download (`can_view`), to finish a document after its file is built (`on_complete`, `audit_action`)
and to validate an office's template in the admin (`sample_context`, `variants`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

_CODE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+\Z")


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    - `code`: dotted, the app's label first: "disclosure_requests.reply".
    - `title`: the Chinese title of its documents ("政府信息公开申请答复书"), unless the issuer or an office template
      gives another.
    - `template`: the on-disk body template (a Django template name); "{variant}" in it is replaced by the document's
      variant ("disclosure_requests/letters/reply/{variant}.html"). Empty for a kind that is never rendered (files
      registered only for their permission).
    - `wrapper`: the page around the body: `documents/_document.html` (title, 文号, addressee, body, signature, seal,
      date, print stylesheet) or a template extending it.
    - `variants`: variant code → Chinese label (e.g. a reply's outcomes), offered in the admin; empty: no variants.
    - `can_view(user, document) -> bool`: whether a staff user may download the document (scope it through the
      subject's permission). None: superusers only.
    - `on_complete(document) -> dict | None`: called inside the transaction that attaches the .docx; it may mirror
      the file onto the app's own rows; a returned dict is merged into the audit event's `after`.
    - `audit_action`: the event recorded on the subject when the file is attached.
    - `sample_context() -> dict`: a context an office template must render against in the admin; also the
      variables the admin lists as available. None: the template is only compiled.
    """

    code: str
    title: str
    template: str = ""
    wrapper: str = "documents/_document.html"
    variants: Mapping[str, str] = field(default_factory=dict)
    can_view: Callable[[Any, Any], bool] | None = None
    on_complete: Callable[[Any], dict | None] | None = None
    audit_action: str = "documents.generate"
    sample_context: Callable[[], dict] | None = None

    def __post_init__(self):
        if not _CODE.match(self.code):
            raise ValueError(f"a document kind code is dotted lower case, app label first: {self.code!r}")
        if not self.title:
            raise ValueError(f"document kind {self.code} needs a Chinese title")
        object.__setattr__(self, "variants", MappingProxyType(dict(self.variants)))

    def template_name(self, variant: str = "") -> str:
        return self.template.format(variant=variant) if self.template else ""


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Register (or replace, e.g. on a reload) a kind; returns it."""
    _KINDS[kind.code] = kind
    return kind


def register_kind(code: str, title: str, template: str = "", **options) -> DocumentKind:
    """`register(DocumentKind(code, title, template, **options))`."""
    return register(DocumentKind(code=code, title=title, template=template, **options))


def get(code: str) -> DocumentKind | None:
    return _KINDS.get(code)


def kinds() -> list[DocumentKind]:
    """Every registered kind, by code."""
    return [_KINDS[code] for code in sorted(_KINDS)]


def choices() -> list[tuple[str, str]]:
    """(code, "title（code）") for forms."""
    return [(kind.code, f"{kind.title}（{kind.code}）") for kind in kinds()]


def label(code: str) -> str:
    kind = _KINDS.get(code)
    return kind.title if kind else code


@contextmanager
def registered(*kinds_: DocumentKind) -> Iterator[None]:
    """Register kinds for the duration of a block (tests), restoring what was there before."""
    before = {kind.code: _KINDS.get(kind.code) for kind in kinds_}
    for kind in kinds_:
        register(kind)
    try:
        yield
    finally:
        for code, previous in before.items():
            if previous is None:
                _KINDS.pop(code, None)
            else:
                _KINDS[code] = previous
