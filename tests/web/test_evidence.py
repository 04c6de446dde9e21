"""Evidence files are checked by content, limited in size, hashed, and stored under a safe name."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.conftest import World
from tests.web.helpers import RATIO, url
from thidua.web.errors import BadInput
from thidua.web.results import evidence as evidence_service
from thidua.web.results.models import DocumentRef, Evidence, Result


def _office(member: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7 ...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpg"),
        (_office("word/document.xml"), "docx"),
        (_office("xl/workbook.xml"), "xlsx"),
        (_office("other.xml"), None),
        (b"MZ\x90\x00 an exe renamed .pdf", None),
        (b"<html>", None),
    ],
)
def test_it_recognises_files_by_their_content(data: bytes, expected: str | None) -> None:
    assert evidence_service.sniff(data) == expected


def test_it_stores_the_checksum_and_a_name_it_chose(world: World) -> None:
    path = url("upload_evidence", world.campaign.code, world.commune, RATIO)
    data = b"%PDF-1.4 bien ban"
    world.client(world.owner).post(path, {"file": SimpleUploadedFile("../../etc/passwd.pdf", data)})
    ev = Evidence.objects.get()
    assert ev.sha256 == hashlib.sha256(data).hexdigest()
    assert ev.file.name.endswith(f"{ev.sha256}.pdf") and ".." not in ev.file.name
    assert (
        ev.result.criterion == RATIO and ev.result.self_value is None
    )  # a blank draft row was made


def test_it_refuses_a_disguised_file(world: World) -> None:
    path = url("upload_evidence", world.campaign.code, world.commune, RATIO)
    response = world.client(world.owner).post(
        path, {"file": SimpleUploadedFile("a.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 422 and not Evidence.objects.exists()
    assert not Result.objects.exists()  # nothing half-written


def test_it_refuses_files_over_the_limit(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 10
    row = Result.objects.create(campaign=world.campaign, unit=world.commune, criterion=RATIO)
    with pytest.raises(BadInput):
        evidence_service.attach(
            world.owner, result=row, upload=io.BytesIO(b"%PDF-" + b"x" * 20), name="big.pdf"
        )


def test_it_cites_documents_by_number(world: World) -> None:
    path = url("add_document", world.campaign.code, world.commune, RATIO)
    world.client(world.owner).post(path, {"number": "186/KH-UBND", "title": "Kế hoạch Đề án 06"})
    assert DocumentRef.objects.get().number == "186/KH-UBND"
    detail = world.client(world.appraiser).get(
        url("criterion_detail", world.campaign.code, world.commune, RATIO)
    )
    assert "186/KH-UBND" in detail.content.decode()


def test_the_row_counts_its_files_and_documents(world: World) -> None:
    owner = world.client(world.owner)
    owner.post(
        url("upload_evidence", world.campaign.code, world.commune, RATIO),
        {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban")},
    )
    owner.post(
        url("add_document", world.campaign.code, world.commune, RATIO),
        {"number": "186/KH-UBND", "title": "Kế hoạch Đề án 06"},
    )
    page = url("self_assessment", world.campaign.code, world.commune)
    # Both the phone line and the table cell of the row say 2 (one file, one document).
    assert world.client(world.owner).get(page).content.decode().count("Chi tiết (2)") == 2
    # The appraiser sees which rows come with evidence.
    world.client(world.owner).post(url("submit", world.campaign.code, world.commune))
    appraisal = url("appraisal", world.campaign.code, world.commune)
    assert world.client(world.appraiser).get(appraisal).content.decode().count("Chi tiết (2)") == 1
