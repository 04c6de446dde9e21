"""The validator finds exactly the real defects of the shipped tables (DESIGN §3.5)."""

from __future__ import annotations

import pytest
import yaml

from thidua.scoring import FrameworkFileError, builtin_codes, get_builtin, parse_framework, validate

EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    "annex1-task-completion": set(),  # ours, not a source table: no defects to keep
    "hagiang-2023-district": set(),
    "hagiang-2023-commune": {
        ("warning", "unreachable_max", "A.I.4"),  # max 6 but "Có được 5đ"
        ("info", "numbering_gap", "A.VI"),  # items 1, 3, 4, 5, 8, 10
        ("info", "numbering_gap", "A.VII"),  # items 2, 3
    },
    "district-2832-2023-commune": {
        # "(Thành phố đạt trên 85%)" printed in a table for communes and townships only
        ("warning", "override_unreachable", "A.IV.2"),
        ("warning", "override_unreachable", "A.IV.3"),
    },
    "dti-commune": {
        ("warning", "sum_mismatch", "I.1.2"),  # declares 7, six criteria sum to 6
        ("warning", "sum_mismatch", "II"),  # declares 7, criteria sum to 6
        ("warning", "missing_max", "II.6"),  # prints no maximum
        ("info", "numbering_gap", "II"),  # item 4 missing
        ("warning", "tier_gap", "I.1.1.1"),  # exactly once a year
        ("warning", "tier_gap", "I.1.1.4"),  # "< 0 bài" leaves 0–4
        ("warning", "tier_gap", "I.1.1.5"),
    },
}


def test_it_ships_the_four_scoring_tables_and_our_completion_table() -> None:
    assert set(builtin_codes()) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_it_finds_exactly_the_real_defects(code: str) -> None:
    found = {(f.severity, f.code, f.node) for f in validate(get_builtin(code))}
    assert found == EXPECTED[code]


def test_it_names_the_uncovered_values_of_a_tier_gap() -> None:
    findings = {f.node: f for f in validate(get_builtin("dti-commune")) if f.code == "tier_gap"}
    assert "giá trị 1" in findings["I.1.1.1"].message.vi
    assert "0–4" in findings["I.1.1.4"].message.en


def _doc(leaf: dict, *, section_max: float | None = None) -> str:
    section: dict = {"label": "I", "title": "Mục", "children": [leaf]}
    if section_max is not None:
        section["max"] = section_max
    return yaml.safe_dump(
        {
            "format": 1,
            "code": "t",
            "title": "T",
            "source": {"document": "d"},
            "applies_to": ["xa"],
            "max_points": 5,
            "nodes": [section],
        },
        allow_unicode=True,
    )


@pytest.mark.parametrize(
    ("leaf", "code"),
    [
        (
            {
                "label": "1",
                "title": "x",
                "max": 5,
                "rule": {"kind": "count", "per_unit": 0.25, "max_count": 16},
            },
            "unreachable_max",
        ),
        (
            {
                "label": "1",
                "title": "x",
                "max": 5,
                "rule": {
                    "kind": "tiers",
                    "domain": "number",
                    "tiers": [{"gte": 0, "lt": 5, "fraction": 0.5}, {"gt": 5, "fraction": 1}],
                },
            },
            "tier_gap",
        ),
        (
            {
                "label": "1",
                "title": "x",
                "max": 5,
                "rule": {"kind": "choice", "options": [{"key": "a", "fraction": 0.5}]},
            },
            "unreachable_max",
        ),
    ],
)
def test_it_reports_content_findings(leaf: dict, code: str) -> None:
    assert code in {f.code for f in validate(parse_framework(_doc(leaf)))}


def test_it_reports_overlapping_tiers_as_an_error() -> None:
    leaf = {
        "label": "1",
        "title": "x",
        "max": 5,
        "rule": {
            "kind": "tiers",
            "tiers": [{"gte": 0, "lte": 5, "fraction": 0.5}, {"gte": 5, "fraction": 1}],
        },
    }
    (finding,) = [f for f in validate(parse_framework(_doc(leaf))) if f.code == "tier_overlap"]
    assert finding.severity == "error"
    assert "5" in finding.message.vi


def test_it_reports_a_section_whose_maximum_does_not_add_up() -> None:
    leaf = {"label": "1", "title": "x", "max": 5, "rule": {"kind": "binary"}}
    findings = validate(parse_framework(_doc(leaf, section_max=7)))
    # The table maximum (5) agrees with the criteria, so only the section is reported.
    assert [(f.code, f.node) for f in findings] == [("sum_mismatch", "I")]


@pytest.mark.parametrize(
    ("leaf", "code", "needle"),
    [
        (
            {"label": "3", "title": "x", "max": 5, "rule": {"kind": "ratio", "target": 70}},
            "bad_value",
            "I.3: field 'target' must be between 0 and 1, got 70",
        ),
        (
            {"label": "1", "title": "x", "max": 5, "rule": {"kind": "magic"}},
            "unknown_rule_kind",
            "magic",
        ),
        (
            {
                "label": "1",
                "title": "x",
                "max": 5,
                "rule": {"kind": "events", "cap": -1, "kinds": [{"key": "a", "points": 1}]},
            },
            "bad_value",
            "cap",
        ),
        ({"label": "1", "title": "x", "rule": {"kind": "ratio"}}, "missing_max", "I.1"),
        (
            {
                "label": "1",
                "title": "x",
                "max": 5,
                "rule": {
                    "kind": "ratio",
                    "target": 0.7,
                    "overrides": [{"unit_kind": "lang", "add": 0.1}],
                },
            },
            "unknown_unit_kind",
            "lang",
        ),
        (
            {
                "label": "1",
                "title": "x",
                "max": 5,
                "rule": {
                    "kind": "ratio",
                    "target": 0.95,
                    "overrides": [{"unit_kind": "thi_tran", "add": 0.1}],
                },
            },
            "target_out_of_range",
            "I.1",
        ),
        (
            {"label": "1", "title": "x", "max": 5, "rule": {"kind": "count"}},
            "missing_field",
            "per_unit",
        ),
        (
            {"label": "1", "title": "x", "max": 5, "rule": {"kind": "binary"}, "colour": "red"},
            "unknown_field",
            "colour",
        ),
    ],
)
def test_it_refuses_badly_shaped_files_naming_node_and_field(
    leaf: dict, code: str, needle: str
) -> None:
    with pytest.raises(FrameworkFileError) as info:
        parse_framework(_doc(leaf), origin="bad.yaml")
    codes = {f.code for f in info.value.findings}
    assert code in codes
    assert needle in str(info.value)
    assert "bad.yaml" in str(info.value)


def test_it_refuses_duplicate_codes() -> None:
    leaf = {"label": "1", "title": "x", "max": 5, "rule": {"kind": "binary"}}
    doc = yaml.safe_load(_doc(leaf))
    doc["nodes"][0]["children"].append(dict(leaf))
    with pytest.raises(FrameworkFileError) as info:
        parse_framework(yaml.safe_dump(doc))
    assert [f.node for f in info.value.findings if f.code == "duplicate_code"] == ["I.1"]
