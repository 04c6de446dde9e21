"""Findings: what the validator (and the loader) say about a framework file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from thidua.scoring.text import Msg

Severity = Literal["error", "warning", "info"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One statement about a framework: ``code`` is stable, ``node`` a criterion or section code."""

    severity: Severity
    code: str
    node: str
    message: Msg

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "code": self.code,
            "node": self.node,
            "message": str(self.message),
        }
