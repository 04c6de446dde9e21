"""English labels: unit levels, "Trả lại" as a status and as a button, the table header, events."""

from __future__ import annotations

import gettext

from django.test import Client
from django.urls import reverse

from tests.web.conftest import World
from tests.web.helpers import BINARY, url
from thidua.web.i18n import LOCALE_DIR, parse_po, write_mo
from thidua.web.results.models import Result


def _english(world: World, user: object) -> Client:
    client = world.client(user)  # type: ignore[arg-type]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_it_reads_entries_with_a_context(tmp_path) -> None:  # type: ignore[no-untyped-def]
    entries = parse_po(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Trả lại"\nmsgstr "Return"\n\n'
        'msgctxt "status"\nmsgid "Trả lại"\nmsgstr "Returned"\n\n'
        '#, fuzzy\nmsgctxt "action"\nmsgid "Lưu"\nmsgstr "Save"\n'
    )
    assert entries["Trả lại"] == "Return" and entries["status\x04Trả lại"] == "Returned"
    assert "action\x04Lưu" not in entries and "Lưu" not in entries
    po = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
    write_mo(parse_po(po.read_text(encoding="utf-8")), tmp_path / "django.mo")
    with open(tmp_path / "django.mo", "rb") as fh:
        t = gettext.GNUTranslations(fh)
    assert t.pgettext("status", "Trả lại") == "Returned"
    assert t.pgettext("action", "Trả lại") == "Return"
    assert t.gettext("Cấp xã") == "Commune level"


def test_it_names_the_levels_in_english(world: World) -> None:
    html = _english(world, world.admin).get(reverse("campaign", args=[world.campaign.code]))
    page = html.content.decode()
    assert "Commune level" in page and "District level" in page
    assert "Cấp xã" not in page and "Cấp huyện" not in page
    ranking = _english(world, world.admin).get(
        reverse("ranking", args=[world.campaign.code, "commune"])
    )
    assert "Commune level" in ranking.content.decode()


def test_it_shows_a_returned_status_and_a_return_button(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign,
        unit=world.commune,
        criterion=BINARY,
        self_value=True,
        status="returned",
        appraisal_reason="Thiếu minh chứng",
    )
    page = _english(world, world.owner).get(url("self_assessment", "hg-2023", world.commune))
    assert ">Returned</span>" in page.content.decode()
    appraisal = _english(world, world.appraiser).get(url("appraisal", "hg-2023", world.commune))
    html = appraisal.content.decode()
    assert ">Returned</span>" in html and 'value="return">Return</button>' in html
    detail = _english(world, world.admin).get(reverse("campaign", args=[world.campaign.code]))
    assert "<th>Returned</th>" in detail.content.decode()
    # Vietnamese is unchanged.
    vi = world.client(world.owner).get(url("self_assessment", "hg-2023", world.commune))
    assert ">Trả lại</span>" in vi.content.decode()


def test_it_translates_the_number_header_and_the_event_kinds(world: World) -> None:
    html = (
        _english(world, world.owner)
        .get(url("self_assessment", "hg-2023", world.commune))
        .content.decode()
    )
    assert "<th>No.</th>" in html and "<th>TT</th>" not in html
    assert "dataset (5 pts each)" in html  # B.1's event kind: its key, in English
    assert "đ/lần" not in html
    vi = world.client(world.owner).get(url("self_assessment", "hg-2023", world.commune))
    text = vi.content.decode()
    assert "<th>TT</th>" in text and "Dữ liệu ngành khác được làm sạch (5đ/lần)" in text
