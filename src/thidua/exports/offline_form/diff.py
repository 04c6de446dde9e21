"""Comparing a read form with what is stored: the changes to confirm, or the conflicts."""

from __future__ import annotations

from collections.abc import Mapping

from thidua.exports.offline_form.model import (
    CellProblem,
    Change,
    FilledForm,
    FormInfo,
    OfflineFormError,
    StoredRow,
    points_of,
    same_value,
    value_text,
)
from thidua.scoring import Framework
from thidua.scoring.text import Msg

# --- comparing with what is stored -----------------------------------------------------------


def plan_changes(
    framework: Framework, info: FormInfo, form: FilledForm, stored: Mapping[str, StoredRow]
) -> list[Change]:
    """What applying ``form`` would change, in table order; raises OfflineFormError on conflicts.

    A row counts as changed when the user changed it in the file (it differs
    from the original written into the form). It is a conflict when the row
    was changed on the platform since the form was written (another version),
    or may not be changed now (submitted, appraised).
    """
    unit = info.unit
    problems: list[CellProblem] = []
    changes: list[Change] = []
    for code, e in form.entries.items():
        node = framework.by_code[code]
        s = stored.get(code, StoredRow())
        if same_value(node, unit, e.value, e.original_value) and e.note == e.original_note:
            continue
        value_same = same_value(node, unit, e.value, s.value)
        if value_same and e.note == s.note:
            continue
        if s.version != e.version:
            problems.append(
                CellProblem(
                    e.cell,
                    Msg(
                        f"chỉ tiêu {code} đã được cập nhật trên hệ thống sau khi tải biểu mẫu "
                        f"(phiên bản {e.version} → {s.version}); hãy tải biểu mẫu mới và nhập lại",
                        f"criterion {code} was updated on the platform after the form was downloaded "
                        f"(version {e.version} → {s.version}); download a new form and enter it again",
                    ),
                )
            )
            continue
        if s.locked:
            status = s.status or Msg("đã khoá", "locked")
            problems.append(
                CellProblem(
                    e.cell,
                    Msg(
                        f"chỉ tiêu {code} không thể sửa ({status.vi}): kết quả đã gửi hoặc đã thẩm định",
                        f"criterion {code} cannot be changed ({status.en}): it was submitted or appraised",
                    ),
                )
            )
            continue
        new_value = s.value if value_same else e.value
        changes.append(
            Change(
                code=code,
                label=node.label,
                title=node.title,
                old_value=s.value,
                new_value=new_value,
                old_note=s.note,
                new_note=e.note,
                expected_version=s.version,
                old_text=value_text(node, s.value),
                new_text=value_text(node, new_value),
                old_points=s.points
                if s.points is not None
                else points_of(framework, unit, code, s.value),
                new_points=points_of(framework, unit, code, new_value),
            )
        )
    if problems:
        raise OfflineFormError(problems)
    return changes
