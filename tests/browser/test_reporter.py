"""A commune officer on a phone enters results, attaches evidence and submits (390×844)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import BINARY, COUNT, EVENTS, RATIO, SMALL_PDF, Browse, Scene
from thidua.scoring.text import num_vi
from thidua.web.campaigns.scoring import unit_score
from thidua.web.results.models import Evidence, Result


def dom(code: str) -> str:
    return code.replace(".", "-")


def test_reporter_fills_uploads_and_submits_on_a_phone(phone: Browse, scene: Scene) -> None:
    w = scene.world
    page = phone.page

    phone.goto("/accounts/login/")
    phone.shot("login")
    phone.login("owner")
    phone.shot("home")

    page.get_by_role("link", name="Xã Lũng Cú").click()
    page.get_by_role("link", name="Tự chấm").click()
    expect(page).to_have_url(phone.url("/c/hg-2023/u/HG.DV.LC/"))
    expect(page.locator("main")).to_contain_text("Tổng điểm tự chấm")
    phone.shot("self-assessment")
    # The table scrolls inside its own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Each row shows its points live (htmx preview) and saves on its own.
    def row(code: str):  # type: ignore[no-untyped-def]
        return page.locator(f"#row-{dom(code)}")

    def points(code: str):  # type: ignore[no-untyped-def]
        return page.locator(f"#score-{dom(code)} strong")

    def save(code: str) -> None:
        row(code).get_by_role("button", name="Lưu nháp").click()
        expect(row(code)).to_contain_text("✓")
        expect(row(code).locator(".badge")).to_have_text("Nháp")

    row(BINARY).locator("select[name=v]").select_option(label="Có")
    expect(points(BINARY)).to_have_text("5")
    phone.shot("binary-live-score", focus=row(BINARY))
    save(BINARY)

    row(RATIO).locator("input[name=pct]").fill("85,5%")
    expect(points(RATIO)).to_have_text("20")
    expect(page.locator(f"#score-{dom(RATIO)}")).to_contain_text("85,5")
    phone.shot("ratio-live-score", focus=row(RATIO))
    save(RATIO)

    row(COUNT).locator("input[name=v]").fill("3")
    expect(points(COUNT)).to_have_text("3")
    phone.shot("count-live-score", focus=row(COUNT))
    save(COUNT)

    row(EVENTS).locator("input[name=ev-commended]").fill("1")
    row(EVENTS).locator("input[name=ev-replicated]").fill("1")
    expect(points(EVENTS)).to_have_text("15")
    phone.shot("events-live-score", focus=row(EVENTS))
    save(EVENTS)
    phone.shot("rows-saved", focus=row(EVENTS))

    # The page total, after a reload, is the platform's own score of the stored drafts.
    page.reload()
    total = unit_score(w.campaign, w.commune, basis="self").total
    expect(page.locator("main")).to_contain_text(f"Tổng điểm tự chấm: {num_vi(total)} / 300")

    # Evidence for the binary row: the row's link to its details page, then upload a PDF.
    row(BINARY).get_by_role("link", name="Chi tiết").click()
    expect(page).to_have_url(phone.url(f"/c/hg-2023/u/HG.DV.LC/row/{BINARY}/"))
    page.locator("#file").set_input_files(
        files=[{"name": "ke-hoach-186.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}]
    )
    phone.shot("evidence-chosen")
    page.get_by_role("button", name="Tải lên", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tải lên tài liệu minh chứng")
    expect(page.get_by_role("link", name="ke-hoach-186.pdf")).to_be_visible()
    phone.shot("evidence-uploaded")
    download = page.request.get(
        phone.url(page.get_by_role("link", name="ke-hoach-186.pdf").get_attribute("href") or "")
    )
    assert download.status == 200 and download.body() == SMALL_PDF

    # Back to the table and submit the whole of it.
    page.locator(".breadcrumb").get_by_role("link", name="Xã Lũng Cú").click()
    n = Result.objects.filter(campaign=w.campaign, unit=w.commune).count()
    page.get_by_role("button", name="Gửi kết quả để thẩm định").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Đã gửi {n} kết quả để thẩm định")
    for code in (BINARY, RATIO, COUNT, EVENTS):  # read-only once submitted
        expect(row(code).locator(".badge")).to_have_text("Đã gửi")
        expect(row(code).get_by_role("button", name="Lưu nháp")).to_have_count(0)
    phone.shot("submitted", focus=page.locator(".alert-success"))

    rows = {r.criterion: r for r in Result.objects.filter(campaign=w.campaign, unit=w.commune)}
    assert {r.status for r in rows.values()} == {"submitted"}
    assert rows[BINARY].self_value is True
    assert rows[RATIO].self_value == "85,5%"
    assert rows[COUNT].self_value == 3
    assert sorted(e["kind"] for e in rows[EVENTS].self_value) == ["commended", "replicated"]
    assert Evidence.objects.get(result=rows[BINARY]).original_name == "ke-hoach-186.pdf"
    phone.assert_clean()
