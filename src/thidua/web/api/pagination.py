"""Limit/offset pages for every list: national lists (10,600 communes) are never sent whole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Page(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class Paginator(LimitOffsetPagination):
    """``?limit=&offset=``; answers ``{"items": [...], "count": <all matching>}``.

    A limit above the maximum is refused (422) rather than silently cut.
    """

    Input = Page  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def window(items: Sequence[Any], page: Page) -> Sequence[Any]:
    """The slice of an already computed list (rankings) that ``page`` asks for."""
    return items[page.offset : page.offset + page.limit]
