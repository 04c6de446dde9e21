"""Demo award setup for ``hagiang-2023``: plan 186/KH-UBND, signed by the provincial police.

Proposals are not drawn up: the administrator does that from the level page,
once the results are appraised. Idempotent.
"""

from __future__ import annotations

from thidua.web.awards_web.models import AwardSetup
from thidua.web.campaigns.models import Campaign


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
    return created
