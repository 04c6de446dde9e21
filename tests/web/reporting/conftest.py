"""A monthly report owed by the communes of the test campaign, and a stoppable clock."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import World
from thidua.reporting import TIMEZONE
from thidua.web.reporting import clock, services
from thidua.web.reporting.models import Obligation, ReportInstance, Submission

PDF = b"%PDF-1.4\n% bao cao\n"


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TIMEZONE)


class Clock:
    """Stops the reporting clock at a given Vietnamese local time."""

    def __init__(self, monkeypatch: Any) -> None:
        self.at = vn(2023, 7, 1)
        monkeypatch.setattr(clock, "now", lambda: self.at)

    def set(self, at: dt.datetime) -> None:
        self.at = at


@pytest.fixture
def frozen(monkeypatch: Any) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def monthly(world: World, frozen: Clock) -> Obligation:
    """Communes report on the 20th of each month, July to November 2023; cut-off 30/11/2023."""
    services.set_cutoff(world.admin, campaign=world.campaign, cutoff=dt.date(2023, 11, 30))
    return services.create_obligation(
        world.admin,
        campaign=world.campaign,
        spec=services.ObligationSpec(
            title="Báo cáo tháng Đề án 06",
            recipient=world.district,
            scope="level",
            level="commune",
            frequency="monthly",
            day=20,
            starts_on=dt.date(2023, 7, 1),
        ),
    )


def instance(ob: Obligation, due: dt.date) -> ReportInstance:
    return ob.instances.get(due_date=due)


SendFn = Callable[..., Submission]


@pytest.fixture
def send(world: World, frozen: Clock) -> SendFn:
    """send(inst, at, unit=commune, user=owner): submit a PDF at local time ``at``."""

    def _send(
        inst: ReportInstance, at: dt.datetime, *, unit: Any = None, user: Any = None
    ) -> Submission:
        frozen.set(at)
        return services.submit_report(
            user or world.owner,
            instance=inst,
            unit=unit or world.commune,
            files=[(io.BytesIO(PDF), "bao-cao.pdf")],
            document_number="12/BC-UBND",
        )

    return _send
