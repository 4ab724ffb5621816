"""Search errors (检索错误)."""

from sunshine.core.errors import DomainError


class SearchQueryError(DomainError):
    """The query cannot be searched (empty, too long, nothing searchable). `message` is Chinese."""

    code = "search_query"
    status_code = 400
