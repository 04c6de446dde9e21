"""The language switch in the menu bar: Vietnamese (the default) → English → Vietnamese."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import BINARY, Browse, Scene

SELF_ASSESSMENT = "/c/hg-2023/u/HG.DV.LC/"


def test_switching_to_english_and_back_changes_the_labels(desktop: Browse, scene: Scene) -> None:
    page = desktop.page
    html = page.locator("html")
    nav = page.locator("nav.navbar")

    desktop.goto("/accounts/login/")
    expect(html).to_have_attribute("lang", "vi")
    expect(page.locator("main h1")).to_have_text("Đăng nhập")
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    desktop.shot("login-vi")

    nav.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(desktop.url("/accounts/login/"))
    expect(page.locator("main h1")).to_have_text("Log in")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    desktop.shot("login-en")

    desktop.login("owner")
    expect(page.locator("main")).to_contain_text("My units")
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav.get_by_role("button", name="Tiếng Việt")).to_be_visible()
    desktop.shot("home-en")

    page.locator("main").get_by_role("link", name="Xã Lũng Cú").click()
    page.get_by_role("link", name="Self-assessment").click()
    expect(page).to_have_url(desktop.url(SELF_ASSESSMENT))
    main = page.locator("main")
    expect(main).to_contain_text("Self-assessed total")
    expect(page.get_by_role("button", name="Submit for appraisal")).to_be_visible()
    expect(page.get_by_role("button", name="Save draft").first).to_be_visible()
    row = page.locator(f"#row-{BINARY.replace('.', '-')}")
    row.locator("select[name=v]").select_option(label="Yes")
    expect(row.locator(".score-cell strong")).to_have_text("5")
    expect(row.locator(".score-cell .explain")).not_to_contain_text("điểm")
    desktop.shot("self-assessment-en", focus=row)

    nav.get_by_role("button", name="Tiếng Việt").click()
    expect(html).to_have_attribute("lang", "vi")
    expect(page).to_have_url(desktop.url(SELF_ASSESSMENT))
    expect(main).to_contain_text("Tổng điểm tự chấm")
    expect(page.get_by_role("button", name="Gửi kết quả để thẩm định")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu nháp").first).to_be_visible()
    expect(nav.get_by_role("button", name="Đăng xuất")).to_be_visible()
    expect(main).not_to_contain_text("Self-assessed total")
    desktop.shot("self-assessment-vi")
    desktop.assert_clean()


def test_the_language_switch_works_from_the_phone_menu(phone: Browse, scene: Scene) -> None:
    """Below 768 px the menu bar folds behind its button, and the switch sits in there."""
    page = phone.page
    phone.login("owner")
    switch = page.locator("nav.navbar").get_by_role("button", name="English")
    expect(switch).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(switch).to_be_visible()
    phone.shot("menu-open")
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("My units")
    phone.shot("home-en")
    phone.assert_clean()
