"""Vietnamese first, English on request, from the committed catalogue compiled in pure Python."""

from __future__ import annotations

import gettext

from django.urls import reverse

from tests.web.conftest import World
from thidua.web.i18n import LOCALE_DIR, parse_po, write_mo


def test_it_speaks_vietnamese_by_default(world: World) -> None:
    page = world.client(world.owner).get(reverse("home")).content.decode()
    assert "Đơn vị của tôi" in page and 'lang="vi"' in page


def test_it_switches_to_english(world: World) -> None:
    client = world.client(world.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "My units" in page and 'lang="en"' in page


def test_it_shows_the_cores_explanations_in_english_too(world: World) -> None:
    client = world.client(world.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    path = reverse("preview", args=[world.campaign.code, world.commune.code, "A.II.1"])
    html = client.post(path, {"pct": "35"}).content.decode()
    assert "points" in html and "điểm" not in html


def test_it_compiles_catalogues_that_gettext_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    po = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
    entries = parse_po(po.read_text(encoding="utf-8"))
    write_mo(entries, tmp_path / "django.mo")
    with open(tmp_path / "django.mo", "rb") as fh:
        t = gettext.GNUTranslations(fh)
    assert t.gettext("Lưu nháp") == "Save draft"
    assert t.ngettext(
        "Chấp nhận %(n)s dòng chưa thẩm định", "Chấp nhận %(n)s dòng chưa thẩm định", 2
    ).startswith("Accept")
