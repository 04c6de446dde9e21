"""``{% ranking_rows ranking campaign viewable %}``: the body rows of a ranking table.

Written in Python rather than as a template loop: a page shows 100 rows of about a
dozen cells each, and the template engine's per-expression cost made rendering most of
the page's CPU (docs/performance.md). The HTML is the one the loop wrote.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.ranking import Ranking
from thidua.web.ui import bar_width, pct, pts

register = template.Library()


@register.simple_tag
def ranking_rows(ranking: Ranking, campaign: Campaign, viewable: Collection[str]) -> SafeString:
    if not ranking.rows:
        empty = escape(gettext("Không có đơn vị nào để hiển thị."))
        return mark_safe(f'<tr><td colspan="9" class="text-muted">{empty}</td></tr>')
    top = ranking.framework.max_points
    top_text = escape(pts(top))
    out = []
    for r in ranking.rows:
        name = escape(r.unit_name)
        if r.unit_code in viewable:
            link = escape(reverse("self_assessment", args=[campaign.code, r.unit_code]))
            name = f'<a href="{link}">{name}</a>'
        groups = "".join(
            f'<td class="text-right hide-sm">{escape(pts(r.groups.get(g)))}</td>'
            for g in ranking.group_codes
        )
        total = escape(pts(r.total))
        out.append(
            f"<tr>\n<td>{r.rank}</td>\n"
            f'<td>{name}<div class="small text-muted">{escape(r.parent_name)}</div></td>\n'
            f"{groups}\n"
            f'<td class="text-right font-weight-bold">{total}</td>\n'
            f'<td><svg width="100%" height="18" role="img" aria-label="{total} / {top_text}">'
            f'<rect x="0" y="2" height="14" width="{escape(bar_width(r.total, top))}%" '
            f'class="c-{escape(r.colour)}"></rect>'
            f'<text x="2" y="14" font-size="11">{escape(pct(r.fraction))}</text></svg></td>\n'
            "</tr>"
        )
    # Every value above is escaped (html.escape, as Django's escape filter does).
    return mark_safe("".join(out))
