"""The offline self-assessment form: an XLSX in the annex layout that a unit fills in and uploads.

Pure: openpyxl and the scoring core, no Django. The web app writes the form
(:func:`write_form`), reads an upload back (:func:`read_form`) and compares it
with what is stored (:func:`plan_changes`); it alone decides who may do so.

Layout of the sheet "Biểu mẫu" (one row per node of the framework, printed
order, like the annexes):

    A TT | B Chỉ tiêu, nhiệm vụ | C Điểm tối đa | D Cách tính điểm | E Kết quả |
    F Tử số / Điểm mỗi lần | G Mẫu số | H Ghi chú | I Điểm (đã lưu) |
    J Trạng thái | K-M hidden: criterion code, stored version, original value (JSON)

Inputs are the yellow cells; everything else is locked (sheet protection
without a password: a guard against slips, not a security boundary, since
every uploaded value is checked again). Per rule kind: yes/no is a "Có/Không"
list; a ratio is a percentage in E (85 or 85,5; a cell formatted as a
percentage is read as such) or a numerator and denominator in F and G; counts,
tiers and scaled scores are numbers in E; a choice is a list of the rule's
options; events are one row below the criterion per event kind: the number of
times in E and, for kinds with a range of points, the points each time in F.

The hidden columns let an upload map rows back to criteria and tell what the
user changed (the value differs from the original written into the file) from
what someone else changed on the platform since the download (the stored
version differs): :func:`plan_changes` refuses the latter instead of silently
overwriting it. Every value is validated by the core; a problem names the
sheet, row and column, in Vietnamese and English.
"""

from __future__ import annotations

from thidua.exports.offline_form.diff import plan_changes
from thidua.exports.offline_form.model import (
    SHEET,
    CellProblem,
    CellRef,
    Change,
    Entry,
    FilledForm,
    FormInfo,
    OfflineFormError,
    StoredRow,
    points_of,
    same_value,
    value_text,
)
from thidua.exports.offline_form.read import read_form
from thidua.exports.offline_form.write import write_form

__all__ = [
    "SHEET",
    "CellProblem",
    "CellRef",
    "Change",
    "Entry",
    "FilledForm",
    "FormInfo",
    "OfflineFormError",
    "StoredRow",
    "plan_changes",
    "points_of",
    "read_form",
    "same_value",
    "value_text",
    "write_form",
]
