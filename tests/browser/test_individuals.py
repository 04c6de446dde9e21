"""A district officer nominates individuals on a phone; the province sees them on the level page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browse
from tests.web.awards_web.people_world import PeopleWorld, make_people_world
from tests.web.conftest import World
from thidua.web.awards_web.models import IndividualNomination


@pytest.fixture
def pw(world: World, transactional_db: None, fast_settings: Any) -> PeopleWorld:
    return make_people_world(world)


def test_a_district_officer_nominates_and_reorders_on_a_phone(
    phone: Browse, pw: PeopleWorld
) -> None:
    page = phone.page
    phone.login("officer")
    phone.goto("/c/hg-2023/awards/commune/individuals/HG.DV/")
    expect(page.locator("#quota")).to_contain_text("Đã đề cử 0/2 cá nhân")
    phone.shot("empty-list")

    def add(name: str, unit: str, position: str) -> None:
        page.fill("#name-new", name)
        page.fill("#position-new", position)
        page.select_option("#unit-new", unit)
        page.fill("#achievements-new", "Vận động 100% công dân kích hoạt VNeID mức 2")
        page.get_by_role("button", name="Thêm", exact=True).click()

    add("Giàng Mí Cáy", "HG.DV.LC", "Chủ tịch UBND xã")
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm Giàng Mí Cáy")
    add("Lò Thị Mai", "HG.DV.SP", "Công chức Tư pháp - Hộ tịch")
    expect(page.locator("#quota")).to_contain_text("Đã đề cử 2/2 cá nhân")
    expect(page.locator("#full")).to_be_visible()
    phone.shot("full-list", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The second goes first; then her position is corrected in the edit form.
    mai = IndividualNomination.objects.get(name="Lò Thị Mai")
    card = page.locator(f"#n{mai.pk}")
    card.get_by_role("button", name="Lên").click()
    expect(page.locator(".nominee-name").first).to_have_text("Lò Thị Mai")
    card = page.locator(f"#n{mai.pk}")
    card.locator("summary").click()
    card.locator(f"#position-{mai.pk}").fill("Phó Chủ tịch UBND xã")
    phone.shot("editing", focus=card)
    card.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(f"#n{mai.pk}")).to_contain_text("Phó Chủ tịch UBND xã")
    phone.assert_clean()


def test_the_province_sees_the_individuals_beside_the_collectives(
    desktop: Browse, pw: PeopleWorld
) -> None:
    pw.nominate(pw.commune, "Giàng Mí Cáy")
    pw.nominate(pw.bm_commune, "Hoàng Văn Sơn")
    page = desktop.page
    desktop.login("admin")
    desktop.goto("/c/hg-2023/awards/commune/")
    page.get_by_role("button", name="Lập danh sách đề nghị").click()
    expect(page.locator(".alert-success")).to_contain_text("2 cá nhân")
    expect(page.locator("#individual-proposals")).to_contain_text("Giàng Mí Cáy")
    expect(page.locator("#individual-decisions")).to_contain_text("thứ tự 2/2 cá nhân được đề cử")
    desktop.shot("level-page", focus=page.locator("#individuals"))
    desktop.assert_clean()
