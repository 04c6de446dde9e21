"""The province admin fills the plan's document form on a phone: issuing body, number, date,
signer (KT.), report outlines; a bad date is named and nothing is stored until it is fixed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browse
from tests.web.conftest import World
from tests.web.inspections.conftest import PLAN_YAML
from thidua.web.inspections import services
from thidua.web.inspections.models import InspectionPlan

FORM = "/inspections/dv-2023/document/"


@pytest.fixture
def plan(world: World, transactional_db: None, fast_settings: Any) -> InspectionPlan:
    return services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)


def _no_sideways_scroll(phone: Browse) -> None:
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_admin_fills_the_plan_document_on_a_phone(phone: Browse, plan: InspectionPlan) -> None:
    page = phone.page
    phone.login("admin")
    phone.goto(FORM)
    expect(page.locator("#body")).to_have_value("Tổ công tác Đề án 06 huyện Đồng Văn")
    expect(page.locator("input[name=outlines][value=outlines-quangxuong-2023]")).to_be_checked()
    phone.shot("form", full_page=True)
    _no_sideways_scroll(phone)

    page.fill("#parent", "Ủy ban nhân dân huyện Đồng Văn")
    page.fill("#document_number", "15/KH-TCT")
    page.fill("#document_date", "31/02/2023")
    page.select_option("#sign_as", "KT.")
    page.fill("#on_behalf", "Tổ trưởng")
    page.fill("#signer_titles", "Phó Tổ trưởng")
    page.fill("#signer_name", "Vàng Mí Súa")
    phone.expect_status(FORM, 422)
    page.get_by_role("button", name="Lưu", exact=True).click()
    problems = page.locator(".alert-danger")
    expect(problems).to_contain_text("Ngày ban hành ('document.date'): '31/02/2023' không phải")
    expect(page.locator("#signer_name")).to_have_value("Vàng Mí Súa")  # kept as typed
    phone.shot("bad-date", focus=problems)
    _no_sideways_scroll(phone)
    plan.refresh_from_db()
    assert plan.version == 1 and "document" not in plan.extra

    page.fill("#document_date", "20/07/2023")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã lưu văn bản kế hoạch")
    plan.refresh_from_db()
    core = services.core_plan(plan)
    assert core.document_number == "15/KH-TCT"
    assert core.document_date == dt.date(2023, 7, 20)
    assert core.issuing_body is not None
    assert core.issuing_body.parent == "Ủy ban nhân dân huyện Đồng Văn"
    assert core.issuing_body.signer_titles == ("KT. Tổ trưởng", "Phó Tổ trưởng")
    assert core.issuing_body.signer_name == "Vàng Mí Súa"
    phone.assert_clean()
