"""The generated Word and Excel files open in LibreOffice: convert to PDF headless, read the text.

LibreOffice and pdftotext come from Debian's packages (libreoffice-writer-nogui,
libreoffice-calc-nogui, poppler-utils); `.ci/run` installs them. Without them
these tests skip, unless THIDUA_OFFICE_TESTS=required (as in CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.exports.test_dossier import CAMPAIGN, GIANG_MI_CAY, ISSUER, LUNG_CU, SA_PHIN, SIGNER
from thidua.cli import main
from thidua.exports.dossier import individual_report, submission
from thidua.scheduling.catalog import load_builtin_plan
from thidua.scheduling.documents import plan_document

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

if not (SOFFICE and PDFTOTEXT):
    if os.environ.get("THIDUA_OFFICE_TESTS") == "required":
        raise RuntimeError("LibreOffice (soffice) and pdftotext are required but missing")
    pytest.skip("LibreOffice or pdftotext is not installed", allow_module_level=True)


def _pdf_text(path: Path, tmp_path: Path) -> str:
    """Convert one file to PDF with a private LibreOffice profile and return its text."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice produced no PDF for {path.name}"
    out = subprocess.run(
        [str(PDFTOTEXT), str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return " ".join(out.stdout.decode("utf-8").split())


def test_it_opens_the_award_proposal_in_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "to-trinh.docx"
    path.write_bytes(
        submission(
            issuer=ISSUER,
            signer=SIGNER,
            campaign=CAMPAIGN,
            addressee="Chủ tịch UBND tỉnh Hà Giang",
            form="Bằng khen của Chủ tịch UBND tỉnh",
            nominees=[LUNG_CU, SA_PHIN],
        )
    )
    text = _pdf_text(path, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "TỜ TRÌNH" in text
    assert "UBND xã Lũng Cú" in text


def test_it_opens_an_individuals_achievement_report_in_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao-ca-nhan.docx"
    path.write_bytes(individual_report(issuer=ISSUER, campaign=CAMPAIGN, person=GIANG_MI_CAY))
    text = _pdf_text(path, tmp_path)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "Giàng Mí Cáy" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text


def test_it_opens_the_inspection_plan_in_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    plan_document(load_builtin_plan("quangxuong-2023")).save(str(path))
    text = _pdf_text(path, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "KẾ HOẠCH" in text
    assert "Quảng Xương" in text


def test_it_opens_the_scorecards_in_libreoffice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {
                "units": [
                    {
                        "code": "X1",
                        "name": "Xã Minh Tân",
                        "kind": "xa",
                        "results": {"A.I.1": True, "A.II.1": "62%"},
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "bang-diem.xlsx"
    assert (
        main(["score", "hagiang-2023-commune", str(source), "--format", "xlsx", "--out", str(out)])
        == 0
    )
    capsys.readouterr()
    text = _pdf_text(out, tmp_path)
    # The first sheet (the ranking) is printed first; every sheet follows.
    assert "Xã Minh Tân" in text
    assert "Chỉ tiêu, nhiệm vụ" in text
    assert "TỔNG" in text  # "TỔNG ĐIỂM" wraps inside its cell
