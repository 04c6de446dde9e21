"""After `thidua demo`, the award pages have content: the plan's places filled, gates failed too.

The demo's 11 districts and city nominate one eligible commune each plus 3
extra (14 places: 5 Bằng khen, 9 Giấy khen); other communes miss one or two
gates on their results (or have no model registered), and some districts meet
every district gate. The commune and district lists are drawn up by the demo.
"""

from __future__ import annotations

from collections import Counter

import pytest

from thidua.web.awards_web import services
from thidua.web.awards_web.models import Proposal
from thidua.web.campaigns.models import Campaign
from thidua.web.demo import load_demo
from thidua.web.models_registry.models import RegisteredModel


@pytest.mark.django_db
def test_the_demo_fills_the_award_places_shows_failed_gates_and_draws_up_once() -> None:
    """One test: loading the demo takes most of its time."""
    load_demo()
    campaign = Campaign.objects.get(code="hagiang-2023")
    la = services.allocate(campaign, "commune")
    a = la.allocation
    given = {f.form.code: len(f.given) for f in a.forms}
    assert given == {"bang_khen_ubnd_tinh": 5, "giay_khen_ca_tinh": 9}
    assert len(a.proposals) == 14

    eligible = Counter(e.score.unit.parent for e in a.eligibility if e.eligible)
    communes = Counter(u.parent.code for u in la.units.values() if u.parent)
    assert len(communes) == 11
    # Most districts: a quarter to a half of their communes meet every gate.
    shares = [eligible[d] / n for d, n in communes.items()]
    assert sum(1 for s in shares if 0.2 <= s <= 0.6) >= 8
    assert max(shares) < 1

    # Units with results that miss one or two gates on a measured value, or have no model.
    measured = [e for e in a.eligibility if e.failed and all(r.value is not None for r in e.failed)]
    assert len(measured) >= 10
    assert all(len(e.failed) <= 2 for e in measured)
    assert any(r.gate.code == "model_815" for e in measured for r in e.failed)
    assert any(r.threshold.override is not None for e in measured for r in e.failed)

    # Districts: some meet every district gate, others miss some on their results.
    district = services.allocate(campaign, "district").allocation
    assert len(district.proposals) >= 1
    assert any(
        e.failed and all(r.value is not None for r in e.failed) for e in district.eligibility
    )

    stored = {
        level: sorted(
            Proposal.objects.filter(campaign=campaign, level=level).values_list(
                "unit__code", "form", "status"
            )
        )
        for level in ("district", "commune")
    }
    assert stored["district"] == sorted((d.unit, d.form, "drafted") for d in district.proposals)
    assert len(stored["commune"]) == 14
    participants = campaign.participants.count()
    assert RegisteredModel.objects.filter(campaign=campaign).values("unit").distinct().count() >= (
        participants // 2
    )

    load_demo()
    assert Proposal.objects.filter(campaign=campaign).count() == len(stored["district"]) + 14
