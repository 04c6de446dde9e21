"""A commune fills its form offline: download, upload, see the changes, confirm.

Hà Giang commune annex (hagiang-2023-commune): A.I.3 counts documents (1 point
each, max 7), A.II.1 is a ratio against a 70% target (max 20), A.I.1 is yes/no
(max 5), B.2 counts commendations (5 points) and replications (10).
"""

from __future__ import annotations

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from tests.web.conftest import World
from tests.web.helpers import BINARY, COUNT, EVENTS, RATIO, url
from tests.web.offline.helpers import as_upload, fill, row_of
from thidua.exports.offline_form import SHEET
from thidua.exports.offline_form.model import DEN, NOTE, NUM, VALUE
from thidua.web.audit.models import AuditEntry
from thidua.web.results.models import Result


def _download(world: World, user: object = None) -> bytes:
    response = world.client(user or world.owner).get(
        url("offline_download", world.campaign.code, world.commune)
    )
    assert response.status_code == 200
    return response.content


def _upload(world: World, data: bytes, user: object = None) -> tuple[int, str]:
    response = world.client(user or world.owner).post(
        url("offline_upload", world.campaign.code, world.commune), {"file": as_upload(data)}
    )
    return response.status_code, response.content.decode()


def _token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no confirmation form on the page"
    return match.group(1)


def test_it_downloads_the_form_with_the_stored_values(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=COUNT, self_value=4, note="4 VB"
    )
    response = world.client(world.owner).get(
        url("offline_download", world.campaign.code, world.commune)
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bieu-mau-hg-2023-HG.DV.LC.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content))[SHEET]
    row = row_of(response.content, COUNT)
    assert ws.cell(row=row, column=VALUE).value == 4
    assert ws.cell(row=row, column=NOTE).value == "4 VB"
    assert "Xã Lũng Cú" in str(ws.cell(row=2, column=1).value)


def test_it_uploads_shows_the_changes_and_stores_them_only_on_confirm(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=COUNT, self_value=4
    )
    data = fill(
        _download(world),
        {
            COUNT: {VALUE: 6},
            RATIO: {NUM: 35, DEN: 100},
            BINARY: {VALUE: "Có"},
            f"{EVENTS}|commended": {VALUE: 2},
        },
    )
    status, html = _upload(world, data)
    assert status == 200
    # The diff: stored → uploaded, with the core's points (35/100 of a 70% target × 20 = 10).
    assert "Đang lưu" in html and "Trong tệp" in html
    assert "35/100" in html and "(10 điểm)" in html
    assert "4 <span" in html and "<strong>6</strong>" in html
    assert Result.objects.get(criterion=COUNT).self_value == 4  # nothing stored yet
    assert Result.objects.count() == 1

    response = world.client(world.owner).post(
        url("offline_confirm", world.campaign.code, world.commune), {"token": _token(html)}
    )
    assert response.status_code == 302
    stored = {r.criterion: r for r in Result.objects.filter(unit=world.commune)}
    assert stored[COUNT].self_value == 6 and stored[COUNT].version == 2
    assert stored[RATIO].self_value == {"numerator": 35, "denominator": 100}
    assert stored[BINARY].self_value is True
    assert stored[EVENTS].self_value == [{"kind": "commended", "count": 2}]
    assert all(r.status == "draft" for r in stored.values())
    assert AuditEntry.objects.filter(action="result.save").count() == 4
    assert AuditEntry.objects.get(action="result.offline_upload").actor_name == "owner"


def test_it_refuses_a_peer_communes_reporter(world: World) -> None:
    peer = world.client(world.peer)
    data = _download(world)
    assert peer.get(url("offline", world.campaign.code, world.commune)).status_code == 404
    assert peer.get(url("offline_download", world.campaign.code, world.commune)).status_code == 404
    response = peer.post(
        url("offline_upload", world.campaign.code, world.commune), {"file": as_upload(data)}
    )
    assert response.status_code == 404
    response = peer.post(url("offline_confirm", world.campaign.code, world.commune), {"token": "x"})
    assert response.status_code == 404


def test_it_does_not_accept_a_token_made_for_someone_else(world: World) -> None:
    _, html = _upload(world, fill(_download(world), {COUNT: {VALUE: 6}}))
    response = world.client(world.admin).post(
        url("offline_confirm", world.campaign.code, world.commune), {"token": _token(html)}
    )
    assert response.status_code == 422
    assert not Result.objects.exists()


def test_it_names_sheet_row_and_column_of_every_bad_cell_and_changes_nothing(
    world: World,
) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=COUNT, self_value=4
    )
    form = _download(world)
    data = fill(form, {RATIO: {VALUE: 120}, BINARY: {VALUE: "Có"}, COUNT: {VALUE: "sáu"}})
    status, html = _upload(world, data)
    assert status == 422
    assert "Tệp có 2 lỗi; không có gì được thay đổi" in html
    assert f"Trang &#x27;Biểu mẫu&#x27;, dòng {row_of(form, RATIO)}, cột E (Kết quả)" in html
    assert "tỷ lệ phải từ 0 đến 1" in html
    assert f"dòng {row_of(form, COUNT)}, cột E" in html
    assert 'name="token"' not in html
    assert list(Result.objects.values_list("criterion", "self_value")) == [(COUNT, 4)]


def test_it_explains_bad_cells_in_english_too(world: World) -> None:
    client = world.client(world.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    data = fill(_download(world), {RATIO: {NUM: 30}})
    html = client.post(
        url("offline_upload", world.campaign.code, world.commune), {"file": as_upload(data)}
    ).content.decode()
    assert "The file has 1 problem; nothing was changed" in html
    assert "column G (Denominator): the denominator is missing" in html


def test_it_refuses_a_file_that_is_not_a_form(world: World) -> None:
    status, html = _upload(world, b"%PDF-1.4 not a workbook")
    assert status == 422 and "không phải là bảng tính Excel" in html


def test_it_refuses_the_whole_upload_when_a_row_changed_before_the_confirmation(
    world: World,
) -> None:
    data = fill(_download(world), {COUNT: {VALUE: 6}, BINARY: {VALUE: "Có"}})
    _, html = _upload(world, data)
    # Someone saves A.I.3 on the platform between the preview and the confirmation.
    world.client(world.owner).post(
        url("save_row", world.campaign.code, world.commune, COUNT),
        {"v": "2", "version": 0},
        HTTP_HX_REQUEST="true",
    )
    response = world.client(world.owner).post(
        url("offline_confirm", world.campaign.code, world.commune), {"token": _token(html)}
    )
    assert response.status_code == 409
    assert "không có gì được lưu" in response.content.decode()
    assert list(Result.objects.values_list("criterion", "self_value")) == [(COUNT, 2)]


def test_it_refuses_a_change_the_platform_got_after_the_download(world: World) -> None:
    form = _download(world)
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=COUNT, self_value=2
    )
    status, html = _upload(world, fill(form, {COUNT: {VALUE: 6}}))
    assert status == 422 and "đã được cập nhật trên hệ thống sau khi tải biểu mẫu" in html
    assert Result.objects.get(criterion=COUNT).self_value == 2


def test_it_locks_submitted_rows_and_refuses_changes_to_them(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign,
        unit=world.commune,
        criterion=COUNT,
        self_value=4,
        status="submitted",
    )
    form = _download(world)
    ws = load_workbook(io.BytesIO(form))[SHEET]
    assert ws.cell(row=row_of(form, COUNT), column=VALUE).protection.locked
    assert not ws.cell(row=row_of(form, BINARY), column=VALUE).protection.locked
    # A user who removed the sheet protection and typed anyway:
    status, html = _upload(world, fill(form, {COUNT: {VALUE: 6}, BINARY: {VALUE: "Có"}}))
    assert status == 422 and "không thể sửa (Đã gửi)" in html
    assert Result.objects.count() == 1 and Result.objects.get().self_value == 4


def test_it_lets_a_viewer_download_but_not_upload(world: World) -> None:
    data = _download(world, world.appraiser)
    response = world.client(world.appraiser).post(
        url("offline_upload", world.campaign.code, world.commune), {"file": as_upload(data)}
    )
    assert response.status_code == 403


def test_it_says_when_the_file_changes_nothing(world: World) -> None:
    status, html = _upload(world, _download(world))
    assert status == 200 and "Tệp không có thay đổi nào" in html
