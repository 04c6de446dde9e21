"""Errors of the core: bad framework files and bad unit inputs.

Both collect *all* problems before raising, so a user fixes a file in one pass
(DESIGN §6: bad input gets a clear error naming the row, column or field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from thidua.scoring.findings import Finding
from thidua.scoring.text import Msg


class InputProblem(Exception):
    """Raised by a rule when one value cannot be scored; the engine adds unit and criterion."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


@dataclass(frozen=True, slots=True)
class InputError:
    """A value of a unit that cannot be scored."""

    unit: str
    criterion: str
    value: object
    message: Msg

    def __str__(self) -> str:
        where_vi = f"đơn vị {self.unit}" + (
            f", chỉ tiêu {self.criterion}" if self.criterion else ""
        )
        where_en = f"unit {self.unit}" + (f", criterion {self.criterion}" if self.criterion else "")
        return f"{where_vi}: {self.message.vi} / {where_en}: {self.message.en}"

    def as_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "criterion": self.criterion,
            "value": self.value,
            "message": str(self.message),
        }


class ScoringInputError(Exception):
    """Every input error of a batch; nothing of the batch was scored."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class FrameworkFileError(Exception):
    """A framework file whose shape is wrong; ``findings`` holds every problem (severity error)."""

    def __init__(self, source: str, findings: Sequence[Finding]) -> None:
        self.source = source
        self.findings = tuple(findings)
        lines = [f"{source}: {f.node or '-'}: {f.message}" for f in self.findings]
        super().__init__("\n".join(lines))
