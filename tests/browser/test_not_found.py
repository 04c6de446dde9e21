"""A neighbouring commune's reporter cannot see, or even confirm, the owner's pages: 404."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import BINARY, Browse, Scene, lung_cu_submitted
from thidua.web.results.models import Evidence, Result

OWNER = "/c/hg-2023/u/HG.DV.LC/"


def test_a_peer_reporter_gets_the_not_found_page_for_the_owners_pages(
    desktop: Browse, scene: Scene
) -> None:
    w = scene.world
    lung_cu_submitted(scene, with_evidence=True)
    pdf = Evidence.objects.get(result__unit=w.commune)
    page = desktop.page

    desktop.login("peer")
    desktop.goto("/c/hg-2023/u/HG.DV.SP/")
    expect(page.locator("main")).to_contain_text("Xã Sà Phìn")
    desktop.shot("own-page")

    for step, path in (
        ("self-assessment", OWNER),
        ("criterion", f"{OWNER}row/{BINARY}/"),
        ("appraisal", f"{OWNER}appraise/"),
        ("unit", "/units/HG.DV.LC/"),
        ("evidence", f"/evidence/{pdf.pk}/"),
    ):
        desktop.expect_status(path, 404)
        response = desktop.goto(path)
        assert response is not None and response.status == 404, (path, response)
        body = desktop.text()
        assert "Lũng Cú" not in body and "ke-hoach" not in body, (path, body)
        # The platform's page (templates/404.html, in the menu of the base template).
        assert "Không tìm thấy trang" in body and "Page not found" in body, (path, body)
        desktop.shot(f"not-found-{step}", full_page=True)

    # Writing is refused the same way, and nothing is stored.
    before = Result.objects.get(unit=w.commune, criterion=BINARY)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    desktop.expect_status(f"{OWNER}row/{BINARY}/save/", 404)
    response = page.request.post(
        desktop.url(f"{OWNER}row/{BINARY}/save/"),
        form={"v": "no", "version": str(before.version)},
        headers={"X-CSRFToken": token, "Referer": desktop.url(OWNER)},
    )
    assert response.status == 404
    after = Result.objects.get(pk=before.pk)
    assert (after.self_value, after.version) == (before.self_value, before.version)
    desktop.assert_clean()
