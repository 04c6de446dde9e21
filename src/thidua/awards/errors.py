"""Errors of the award core, each carrying bilingual messages."""

from __future__ import annotations

from collections.abc import Sequence

from thidua.scoring import Msg


class AwardsError(Exception):
    """A request the plan cannot answer: an unknown level, no framework, a bad tie-breaker."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


class AwardsInputError(Exception):
    """Units that cannot be allocated; ``problems`` lists every reason, nothing was allocated."""

    def __init__(self, problems: Sequence[Msg]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
