"""Errors services raise; views and the API turn them into pages or JSON (Vietnamese and English)."""

from __future__ import annotations

from typing import Any

from thidua.scoring.text import Msg


class ServiceError(Exception):
    """A refused action, with the reason in both languages."""

    status = 400

    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


class Denied(ServiceError):
    status = 403

    def __init__(self, msg: Msg | None = None) -> None:
        super().__init__(
            msg or Msg("Bạn không có quyền thực hiện thao tác này", "You may not do this")
        )


class BadInput(ServiceError):
    status = 422


class Stale(ServiceError):
    """Someone saved the row first; ``current`` is what is stored now."""

    status = 409

    def __init__(self, current: Any) -> None:
        super().__init__(
            Msg(
                "Kết quả đã được người khác cập nhật; giá trị mới nhất được hiển thị, hãy kiểm tra lại",
                "Someone else updated this result first; the newer value is shown, please check it",
            )
        )
        self.current = current
