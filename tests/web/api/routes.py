"""One API route of a permission table: its operation, where it is, and what each named user gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Route:
    name: str  # the OpenAPI operation id
    method: str
    path: str
    expected: dict[str, int]  # named user -> status when the route is refused or allowed
    body: dict[str, Any] | None = None
    ok: int = 200  # the status of an allowed call
    upload: bool = False  # multipart with a file, not JSON

    @property
    def writes(self) -> bool:
        return self.method != "get"
