"""A unit's page reads only the stored rows around the unit, and shows what the whole ranking shows.

The reference is the core run on every live result of the level
(``rank_level``) in ranking-page order (rank, then code), filtered by what the
reader may see; the page reads a few stored rows (``live_neighbourhood``).
Both must give the same points to the next rank, the same unit above, the
same bars, and the same section averages, for every unit and reader, with
ties (equal totals, broken or not by group A) and units the reader may not see.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.web.conftest import World
from tests.web.helpers import BINARY, COUNT, RATIO
from thidua.scoring import score_all
from thidua.web import policy
from thidua.web.campaigns.ranking import live_neighbourhood, live_section_totals
from thidua.web.campaigns.scoring import framework_for, rank_level, unit_input, values_of
from thidua.web.results.models import Result
from thidua.web.units import insights
from thidua.web.units.models import Unit

# (count of documents, yes/no, ratio numerator of 100): several equal totals on purpose.
VALUES = [
    (3, True, 80),
    (7, True, 60),
    (3, True, 80),
    (0, False, 70),
    (7, False, 90),
    (5, True, 75),
]


def _level(world: World) -> list[Unit]:
    units = [world.commune, world.peer_commune]
    for i in range(len(VALUES) * 2 - 2):
        parent = world.district if i % 2 else world.other_district
        units.append(
            Unit.objects.create(
                code=f"{parent.code}.X{i:02d}", name=f"Xã số {i}", kind="xa", parent=parent
            )
        )
    world.campaign.participants.add(*units)
    for n, unit in enumerate(units):
        count, yes, numerator = VALUES[n % len(VALUES)]
        for code, value in (
            (COUNT, count),
            (BINARY, yes),
            (RATIO, {"numerator": numerator, "denominator": 100}),
        ):
            Result.objects.create(
                campaign=world.campaign,
                unit=unit,
                criterion=code,
                self_value=value,
                appraised_value=value,
                status="accepted",
            )
    world.campaign.state = "appraisal"
    world.campaign.save()
    return units


@pytest.mark.parametrize("tie_breakers", [["A"], []])
def test_the_neighbourhood_gives_what_the_whole_ranking_gives(
    world: World, tie_breakers: list[str]
) -> None:
    world.campaign.tie_breakers = tie_breakers
    world.campaign.save()
    units = _level(world)
    fw = framework_for(world.campaign, "commune")
    _, everything = rank_level(world.campaign, "commune")
    everything.sort(key=lambda r: (r.rank, r.unit_code))
    assert len({r.total for r in everything}) < len(everything)  # there are ties
    for user in (world.admin, world.appraiser):
        allowed = set(policy.ranking_units(user, world.campaign).values_list("code", flat=True))
        for unit in units:
            rows, visible = live_neighbourhood(
                user, world.campaign, "commune", fw, unit, insights.NEIGHBOURS
            )
            assert visible == {r.unit_code for r in rows} & allowed
            codes = [r.unit_code for r in everything]
            assert [r.unit_code for r in rows] == [
                c for c in codes if c in {r.unit_code for r in rows}
            ]
            expected = insights.next_rank(everything, unit.code, tie_breakers)
            found = insights.next_rank(rows, unit.code, tie_breakers)
            assert found == expected, (user.username, unit.code)
            ref_svg = insights._ranking_svg(world.campaign, unit, everything, allowed)
            assert insights._ranking_svg(world.campaign, unit, rows, visible) == ref_svg


def test_the_section_averages_are_the_stored_live_scores(world: World) -> None:
    _level(world)
    fw = framework_for(world.campaign, "commune")
    groups = {n.code for n in fw.nodes}  # the ranking rows carry the groups' subtotals
    for user in (world.admin, world.appraiser):
        allowed = set(policy.ranking_units(user, world.campaign).values_list("code", flat=True))
        _, everything = rank_level(world.campaign, "commune")
        expected = sorted(
            sorted((k, v) for k, v in r.groups.items())
            for r in everything
            if r.unit_code in allowed
        )
        stored = live_section_totals(user, world.campaign, "commune", fw)
        assert len(stored) == len(allowed & {r.unit_code for r in everything})
        got = sorted(sorted((k, v) for k, v in s.items() if k in groups) for s in stored)
        assert got == expected
        assert all(isinstance(v, Decimal) for s in stored for v in s.values())


def test_the_open_campaign_compares_own_entries_with_the_same_district(world: World) -> None:
    units = _level(world)
    Result.objects.filter(unit=units[3], criterion=COUNT).update(self_value=6)  # not appraised
    world.campaign.state = "open"
    world.campaign.save()
    fw = framework_for(world.campaign, "commune")
    for user, unit in ((world.admin, units[3]), (world.appraiser, units[0])):
        seen = [
            u
            for u in units
            if u.parent_id == unit.parent_id
            and policy.ranking_units(user, world.campaign).filter(pk=u.pk).exists()
        ]
        expected = [
            s.sections
            for s in score_all(
                fw,
                [unit_input(u, values_of(Result.objects.filter(unit=u), "self")) for u in seen],
            )
        ]
        got, label = insights._level_sections(user, world.campaign, unit, fw, "self")
        assert sorted(sorted(d.items()) for d in got) == sorted(sorted(d.items()) for d in expected)
        assert 1 < len(got) == len(seen) < len(units)
        assert label.vi == f"Trung bình {len(seen)} đơn vị cùng cấp thuộc {unit.parent.name}"
