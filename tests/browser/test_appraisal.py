"""The district appraiser corrects a row and accepts the rest; the ranking follows (desktop)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import RATIO, Browse, Scene, lung_cu_submitted
from thidua.scoring.text import num_vi
from thidua.web.audit.models import AuditEntry
from thidua.web.campaigns.scoring import unit_score
from thidua.web.results import services
from thidua.web.results.models import Result

REASON = "Số liệu chưa khớp với báo cáo của Bộ phận một cửa"


def test_appraiser_corrects_one_row_with_a_reason_and_accepts_the_rest(
    desktop: Browse, scene: Scene
) -> None:
    w = scene.world
    lung_cu_submitted(scene, with_evidence=True)
    submitted = Result.objects.filter(campaign=w.campaign, unit=w.commune).count()
    page = desktop.page

    desktop.login("appraiser")
    desktop.shot("home")
    page.get_by_role("link", name="Huyện Đồng Văn").click()
    desktop.shot("district")
    page.locator("main").get_by_role("link", name="Xã Lũng Cú").click()
    page.get_by_role("link", name="Thẩm định").click()
    expect(page).to_have_url(desktop.url("/c/hg-2023/u/HG.DV.LC/appraise/"))
    expect(page.get_by_role("button", name=f"Chấp nhận {submitted} dòng")).to_be_enabled()
    desktop.shot("appraisal")

    row = page.locator(f'[id="row-{RATIO}"]')

    def correct(pct: str, reason: str) -> None:
        row.locator("summary").click()
        row.locator("input[name=pct]").fill(pct)
        row.locator("input[name=reason]").fill(reason)
        desktop.shot(f"correct-{pct}-{'with' if reason else 'without'}-reason", focus=row)
        row.get_by_role("button", name="Điều chỉnh").click()

    # A correction without a reason is refused, and nothing changes.
    correct("60", "")
    expect(page.locator(".alert-danger")).to_contain_text(f"{RATIO}: Điều chỉnh phải có lý do")
    desktop.shot("refused-without-reason", focus=page.locator(".alert-danger"))
    assert Result.objects.get(unit=w.commune, criterion=RATIO).status == "submitted"

    correct("60", REASON)
    expect(row.locator(".badge")).to_have_text("Điều chỉnh")
    expect(row).to_contain_text(REASON)
    expect(row).to_contain_text("60% →")
    desktop.shot("corrected", focus=row)

    bulk = page.get_by_role("button", name=f"Chấp nhận {submitted - 1} dòng chưa thẩm định")
    bulk.click()
    expect(page.locator(".alert-success")).to_contain_text(f"Đã chấp nhận {submitted - 1} kết quả")
    expect(page.get_by_role("button", name="Chấp nhận 0 dòng chưa thẩm định")).to_be_disabled()
    total = unit_score(w.campaign, w.commune, basis="final").total
    expect(page.locator("main")).to_contain_text(f"Tổng điểm sau thẩm định: {num_vi(total)} / 300")
    desktop.shot("accepted")

    rows = list(Result.objects.filter(campaign=w.campaign, unit=w.commune))
    corrected = [r for r in rows if r.status == "corrected"]
    assert [(r.criterion, r.appraised_value, r.appraisal_reason) for r in corrected] == [
        (RATIO, "60%", REASON)
    ]
    assert all(
        r.status == "accepted" and r.appraised_value == r.self_value
        for r in rows
        if r not in corrected
    )
    assert AuditEntry.objects.filter(action="result.correct", reason=REASON).count() == 1
    desktop.assert_clean()


def test_ranking_shows_the_new_rank_after_appraisal(desktop: Browse, scene: Scene) -> None:
    w = scene.world
    lung_cu_submitted(scene)
    page = desktop.page

    def rank_of(name: str) -> str:
        return str(page.locator("tbody tr", has_text=name).locator("td").first.inner_text())

    def total_cell(name: str):  # type: ignore[no-untyped-def]
        return page.locator("tbody tr", has_text=name).locator("td.font-weight-bold")

    desktop.login("appraiser")
    page.get_by_role("link", name="Thi đua Đề án 06 năm 2023").click()
    page.get_by_role("link", name="Xếp hạng Cấp xã").click()
    expect(page).to_have_url(desktop.url("/c/hg-2023/ranking/commune/"))
    # Before appraisal Lũng Cú ranks on its submitted values, above Sà Phìn (appraised).
    self_total = unit_score(w.campaign, w.commune, basis="final").total
    expect(total_cell("Xã Lũng Cú")).to_have_text(num_vi(self_total))
    assert (rank_of("Xã Lũng Cú"), rank_of("Xã Sà Phìn")) == ("1", "2")
    desktop.shot("ranking-before-appraisal")

    # The appraiser cuts A.II.1 from 100% to 14% (20 → 4 points) and accepts the rest.
    row = services.get_result(w.campaign, w.commune, RATIO)
    services.correct(
        w.appraiser,
        campaign=w.campaign,
        unit=w.commune,
        criterion=RATIO,
        value="14%",
        reason=REASON,
        expected_version=row.version,
    )
    services.bulk_accept(w.appraiser, campaign=w.campaign, unit=w.commune)

    page.reload()
    final = unit_score(w.campaign, w.commune, basis="final").total
    assert final == self_total - 16
    expect(total_cell("Xã Lũng Cú")).to_have_text(num_vi(final))
    assert (rank_of("Xã Sà Phìn"), rank_of("Xã Lũng Cú")) == ("1", "2")
    desktop.shot("ranking-after-appraisal")

    # The drill-down from the ranking shows the corrected row and its reason.
    page.get_by_role("link", name="Xã Lũng Cú").click()
    expect(page).to_have_url(desktop.url("/c/hg-2023/u/HG.DV.LC/"))
    expect(page.locator(f"#row-{RATIO.replace('.', '-')}")).to_contain_text(REASON)
    desktop.shot("drill-down")
    desktop.assert_clean()
