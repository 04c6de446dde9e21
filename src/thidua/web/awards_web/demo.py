"""Demo award setup for ``hagiang-2023``: plan 186/KH-UBND, signed by the provincial police.

The department, district and commune levels' proposals are drawn up once,
through :func:`services.draw_up` as the province's demo administrator, so that
the proposal and dossier pages have content (all still drafts: the
administrator can draw them up again from the level page); a level where no
unit meets the gates is left alone. Before that, the provincial appraiser
records the departments' gate fact (:func:`demo_departments.record_facts`).
The village level is left to the administrator; the demo has no village
units. Idempotent: when the campaign already has its award setup, nothing is
added or drawn up again.

Before the lists are drawn up, a handful of invented people are put forward at
the department, district and commune levels (:mod:`demo_people`), so the
individual dossiers and the "Ca nhan" sheet of the downloads have content.
"""

from __future__ import annotations

from thidua.web.awards_web import demo_people, services
from thidua.web.awards_web.demo_people import member
from thidua.web.awards_web.models import AwardSetup, Proposal
from thidua.web.campaigns.models import Campaign
from thidua.web.demo_departments import record_facts

LEVELS = ("department", "district", "commune")


def load(campaign: Campaign) -> bool:
    _, created = AwardSetup.objects.get_or_create(
        campaign=campaign,
        defaults={
            "plan": "hagiang-2023",
            "plan_document": "Kế hoạch số 186/KH-UBND ngày 14/6/2023 của UBND tỉnh Hà Giang",
            "issuer_parent": "UBND tỉnh Hà Giang",
            "issuer": "Công an tỉnh Hà Giang",
            "issuer_short": "Công an tỉnh",
            "symbol": "TTr-CAT",
            "place": "Hà Giang",
            "addressee": "Chủ tịch UBND tỉnh Hà Giang (qua Ban Thi đua - Khen thưởng, Sở Nội vụ)",
            "signer_title": "Giám đốc",
        },
    )
    if created:
        record_facts(campaign)
        admin = member(campaign.owner, "admin")
        if admin is not None:
            demo_people.nominate(campaign, admin)
        draw_up(campaign)
    return created


def draw_up(campaign: Campaign) -> list[str]:
    """Draw up each demo level without proposals where some unit is proposed, as the owner's
    first administrator (the individuals with the collectives)."""
    admin = member(campaign.owner, "admin")
    if admin is None:
        return []
    done = []
    for level in LEVELS:
        if Proposal.objects.filter(campaign=campaign, level=level).exists():
            continue
        if not services.allocate(campaign, level).allocation.proposals:
            continue  # e.g. no department meets the gate: nothing to draw up
        services.draw_up(admin, campaign, level)
        done.append(level)
    return done
