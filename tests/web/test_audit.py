"""The audit log is append-only and hash-chained; `thidua audit verify` finds tampering."""

from __future__ import annotations

import pytest

from thidua.web.audit.models import AppendOnlyError, AuditEntry
from thidua.web.audit.services import record, verify


@pytest.mark.django_db
def test_it_chains_entries() -> None:
    a = record(None, "x", object_type="t", object_id="1", after={"v": 1})
    b = record(None, "x", object_type="t", object_id="1", before={"v": 1}, after={"v": 2})
    assert b.prev_hash == a.hash and (a.seq, b.seq) == (1, 2)
    assert verify() == (2, [])


@pytest.mark.django_db
def test_it_refuses_changes_and_deletions() -> None:
    e = record(None, "x", object_type="t", object_id="1")
    e.action = "y"
    with pytest.raises(AppendOnlyError):
        e.save()
    with pytest.raises(AppendOnlyError):
        e.delete()


@pytest.mark.django_db
def test_it_detects_an_edited_entry() -> None:
    record(None, "x", object_type="t", object_id="1", after={"v": 1})
    record(None, "x", object_type="t", object_id="1", after={"v": 2})
    AuditEntry.objects.filter(seq=1).update(
        after={"v": 99}
    )  # bypassing the model, as an attacker would
    count, breaks = verify()
    assert count == 2 and [b.seq for b in breaks] == [1]


@pytest.mark.django_db
def test_it_detects_a_removed_entry() -> None:
    for i in range(3):
        record(None, "x", object_type="t", object_id=str(i))
    AuditEntry.objects.filter(seq=3).delete()
    _, breaks = verify()
    assert breaks


@pytest.mark.django_db
def test_it_verifies_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from thidua.cli import main

    record(None, "x", object_type="t", object_id="1")
    assert main(["audit", "verify"]) == 0
    assert "1 mục" in capsys.readouterr().out
    AuditEntry.objects.filter(seq=1).update(reason="sửa")
    assert main(["audit", "verify"]) == 1
