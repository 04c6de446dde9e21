"""Evidence files: the type is read from the content, never from the name or the browser.

Accepted: PDF, DOCX, XLSX, JPEG, PNG, up to ``settings.EVIDENCE_MAX_BYTES``.
DOCX and XLSX are ZIP files; the member that makes them Word or Excel
(``word/document.xml``, ``xl/workbook.xml``) must be present.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.results.models import DocumentRef, Evidence, Result

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def sniff(data: bytes) -> str | None:
    """The file type from its first bytes (and ZIP members for Office files), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        import io

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file that passed the size and content checks."""

    data: bytes
    file_type: str
    sha256: str


def read_upload(upload: IO[bytes], *, label: str | None = None) -> CheckedUpload:
    """Read one upload within ``EVIDENCE_MAX_BYTES`` and check its type by content.

    The one check for every kind of uploaded file (result evidence, model and
    task evidence, report submissions); ``label`` names the file in messages
    when a form takes several. Raises BadInput.
    """
    limit = settings.EVIDENCE_MAX_BYTES
    data = upload.read(limit + 1)
    the_vi, the_en = (f"Tệp {label}", label) if label else ("Tệp", "The file")
    if len(data) > limit:
        mb = limit // (1024 * 1024)
        raise BadInput(
            Msg(f"{the_vi} lớn hơn giới hạn {mb} MB", f"{the_en} is larger than the {mb} MB limit")
        )
    if not data:
        raise BadInput(Msg(f"{the_vi} rỗng", f"{the_en} is empty"))
    file_type = sniff(data)
    if file_type is None:
        prefix = f"{label}: " if label else ""
        raise BadInput(
            Msg(
                f"{prefix}chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG (kiểm tra theo nội dung tệp)",
                f"{prefix}only PDF, DOCX, XLSX, JPG or PNG files are accepted (checked by content)",
            )
        )
    return CheckedUpload(data, file_type, hashlib.sha256(data).hexdigest())


def attach(user: Any, *, result: Result, upload: IO[bytes], name: str) -> Evidence:
    """Check and store one uploaded file for ``result``; raises Denied or BadInput."""
    if not policy.can_edit_result(user, result):
        raise Denied()
    checked = read_upload(upload)
    data, file_type, digest = checked.data, checked.file_type, checked.sha256
    with transaction.atomic():
        ev = Evidence(
            result=result,
            file_type=file_type,
            original_name=name[-255:] or f"evidence.{file_type}",
            size=len(data),
            sha256=digest,
            uploaded_by=user,
        )
        ev.file.save(f"{digest}.{file_type}", ContentFile(data), save=False)
        ev.save()
        record(
            user,
            "evidence.add",
            object_type="result",
            object_id=result.audit_id,
            campaign=result.campaign.code,
            unit=result.unit.code,
            after={"evidence": ev.pk, "name": ev.original_name, "sha256": digest, "size": ev.size},
        )
    return ev


def remove(user: Any, *, evidence: Evidence) -> Evidence:
    """Take an uploaded file down (uploaded by mistake); kept, hidden and audited.

    Whoever may still change the row may take its files down: the unit's
    reporters while it is a draft or returned, as for uploading.
    """
    result = evidence.result
    if not policy.can_edit_result(user, result):
        raise Denied()
    with transaction.atomic():
        n = Evidence.objects.filter(pk=evidence.pk).update(
            removed_at=timezone.now(), removed_by=user
        )
        if n == 0:
            raise BadInput(Msg("Tệp minh chứng đã được gỡ", "The file was already taken down"))
        record(
            user,
            "evidence.remove",
            object_type="result",
            object_id=result.audit_id,
            campaign=result.campaign.code,
            unit=result.unit.code,
            before={
                "evidence": evidence.pk,
                "name": evidence.original_name,
                "sha256": evidence.sha256,
                "size": evidence.size,
            },
        )
    evidence.refresh_from_db()
    return evidence


def add_document(
    user: Any, *, result: Result, number: str, title: str, date: Any = None
) -> DocumentRef:
    """Cite a document by number and title instead of uploading it."""
    if not policy.can_edit_result(user, result):
        raise Denied()
    if not number.strip() or not title.strip():
        raise BadInput(
            Msg("Cần số, ký hiệu và trích yếu văn bản", "A document needs a number and a title")
        )
    with transaction.atomic():
        doc = DocumentRef.objects.create(
            result=result, number=number.strip(), title=title.strip(), date=date, added_by=user
        )
        record(
            user,
            "document.add",
            object_type="result",
            object_id=result.audit_id,
            campaign=result.campaign.code,
            unit=result.unit.code,
            after={"number": doc.number, "title": doc.title, "date": doc.date},
        )
    return doc


class StoredUpload(Protocol):
    """A stored upload: result, fact, model and task evidence, report files."""

    @property
    def file(self) -> Any: ...

    @property
    def original_name(self) -> str: ...

    @property
    def file_type(self) -> str: ...


def attachment(stored: StoredUpload) -> FileResponse:
    """The stored upload as a download, under its original name.

    Every download view is the same three steps: fetch the object (404 if there
    is none), ask :mod:`thidua.web.policy` whether the user may read it (404 if
    not, so another unit's files look like missing ones), then this. It decides
    nothing itself.
    """
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=CONTENT_TYPES.get(stored.file_type, "application/octet-stream"),
    )
