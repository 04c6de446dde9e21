"""The shipped Hà Giang 2023 award plan, and the loader's errors on bad plan files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from thidua.awards import PlanFileError, get_builtin_plan, load_plan, parse_plan, resolve_plan
from thidua.awards.plan import builtin_plan_codes


@pytest.fixture(scope="module")
def plan():
    return get_builtin_plan("hagiang-2023")


def test_it_ships_the_hagiang_plan():
    assert "hagiang-2023" in builtin_plan_codes()
    assert resolve_plan("hagiang-2023") is get_builtin_plan("hagiang-2023")


# Section IV.2: "Chủ tịch UBND tỉnh tặng Bằng khen cho không quá 18 tập thể, 23
# cá nhân; Giám đốc Công an tỉnh tặng Giấy khen cho không quá 26 tập thể, 27 cá nhân."
@pytest.mark.parametrize(
    ("form", "collectives", "individuals"),
    [("bang_khen_ubnd_tinh", 18, 23), ("giay_khen_ca_tinh", 26, 27)],
)
def test_it_caps_the_provincial_forms_as_printed(plan, form, collectives, individuals):
    f = plan.form(form)
    assert (f.cap_collectives, f.cap_individuals) == (collectives, individuals)


def test_it_lists_the_chairmens_certificates_without_quota(plan):
    for code in ("giay_khen_ubnd_huyen", "giay_khen_ubnd_xa"):
        assert not plan.form(code).has_quota


# IV.2.1-2.4, per level: (form, collectives, individuals).
@pytest.mark.parametrize(
    ("level", "quotas"),
    [
        ("department", [("bang_khen_ubnd_tinh", 5, 8)]),
        ("district", [("bang_khen_ubnd_tinh", 3, 5)]),
        ("commune", [("bang_khen_ubnd_tinh", 5, 5), ("giay_khen_ca_tinh", 9, 10)]),
        ("village", [("bang_khen_ubnd_tinh", 5, 5), ("giay_khen_ca_tinh", 17, 17)]),
    ],
)
def test_it_gives_each_level_its_printed_places(plan, level, quotas):
    assert [(q.form, q.collectives, q.individuals) for q in plan.level(level).forms] == quotas


def test_it_adds_the_levels_up_to_exactly_the_caps(plan):
    # 5 + 3 + 5 + 5 = 18 and 8 + 5 + 5 + 5 = 23; 9 + 17 = 26 and 10 + 17 = 27.
    for form in ("bang_khen_ubnd_tinh", "giay_khen_ca_tinh"):
        f = plan.form(form)
        quotas = [q for lv in plan.levels for q in lv.forms if q.form == form]
        assert sum(q.collectives for q in quotas) == f.cap_collectives
        assert sum(q.individuals for q in quotas) == f.cap_individuals


@pytest.mark.parametrize(
    ("level", "per_parent", "extra", "places"),
    [("commune", 1, 1, 14), ("village", 2, 0, 22)],
)
def test_it_nominates_per_district(plan, level, per_parent, extra, places):
    lv = plan.level(level)
    assert lv.nomination is not None
    assert (lv.nomination.per_parent, lv.nomination.extra_per_parent, lv.places) == (
        per_parent,
        extra,
        places,
    )


def test_it_has_no_per_parent_quota_for_districts(plan):
    assert plan.level("district").nomination is None


D = Decimal
# Section III "Riêng các chỉ tiêu sau phải phấn đấu hoàn thành", per level:
# gate code -> (criterion or fact, op, threshold). "trên X%" is >, "100%" is >=.
GATES = {
    "district": {
        "cccd_issued": ("A.IV.1", ">=", D("1")),
        "eid_registration": ("A.IV.2", ">", D("0.70")),
        "eid_activation": ("A.IV.3", ">", D("0.70")),
        "population_data_cleaned": ("A.V.1", ">", D("0.98")),
        "online_services": ("A.II.1", ">", D("0.70")),
        "bhxh_bhyt_sync": ("A.III.4", ">", D("0.98")),
        "cccd_health_insurance": ("A.III.3", ">", D("0.70")),
        "staff_eid_level2": ("A.IV.5", ">=", D("1")),
        "model_815": ("models_registered", ">=", D("1")),
    },
    "commune": {
        "cccd_issued": ("A.IV.1", ">=", D("1")),
        "eid_registration": ("A.IV.2", ">", D("0.75")),
        "eid_activation": ("A.IV.3", ">", D("0.75")),
        "population_data_cleaned": ("A.V.1", ">=", D("1")),
        "online_services": ("A.II.1", ">", D("0.70")),
        "staff_eid_level2": ("A.IV.4", ">=", D("1")),
        "model_815": ("models_registered", ">=", D("1")),
    },
    "village": {
        "cccd_mobilised": ("cccd_mobilised_ratio", ">=", D("1")),
        "eid_registration": ("eid_registration_ratio", ">", D("0.80")),
        "eid_activation": ("eid_activation_ratio", ">", D("0.80")),
        "population_data_cleaned": ("population_data_cleaned_ratio", ">=", D("1")),
        "online_services_outreach": ("online_services_outreach", "==", True),
    },
}


@pytest.mark.parametrize("level", sorted(GATES))
def test_it_encodes_the_gates_as_printed(plan, level):
    got = {g.code: (g.criterion or g.fact, g.op, g.threshold) for g in plan.level(level).gates}
    assert got == GATES[level]


def test_it_keeps_the_gate_stricter_than_the_scoring_row():
    # District A.V.1 scores against 95% ("trên 95%"), the gate asks for > 98%.
    from thidua.scoring import resolve

    fw = resolve("hagiang-2023-district")
    assert fw.by_code["A.V.1"].rule.target == D("0.95")
    assert get_builtin_plan("hagiang-2023").level("district").gate(
        "population_data_cleaned"
    ).threshold == D("0.98")


@pytest.mark.parametrize(
    ("level", "gate", "increases"),
    [
        ("district", "eid_registration", [("thanh_pho", None, D("0.15"))]),
        ("district", "eid_activation", [("thanh_pho", None, D("0.15"))]),
        (
            "commune",
            "eid_registration",
            [("thi_tran", None, D("0.10")), (None, "thanh_pho", D("0.15"))],
        ),
        (
            "commune",
            "eid_activation",
            [("thi_tran", None, D("0.10")), (None, "thanh_pho", D("0.15"))],
        ),
        ("village", "eid_registration", [(None, None, D("0.10")), (None, "thanh_pho", D("0.15"))]),
    ],
)
def test_it_raises_registration_gates_for_cities_and_townships(plan, level, gate, increases):
    g = plan.level(level).gate(gate)
    assert [(o.unit_kind, o.parent_kind, o.add) for o in g.overrides] == increases


def test_it_records_the_dossier_deadlines(plan):
    assert [d.date.isoformat() for d in plan.dossier.deadlines] == ["2023-12-05", "2023-12-15"]
    assert len(plan.dossier.documents) == 3


# -- the loader's errors -----------------------------------------------------

SHIPPED = (
    Path(__file__).resolve().parents[2] / "src" / "thidua" / "data" / "awards" / "hagiang-2023.yaml"
)


def _mutated(change) -> str:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


def _commune_gate(data, code):
    level = next(lv for lv in data["levels"] if lv["code"] == "commune")
    return next(g for g in level["gates"] if g["code"] == code)


def _level(data, code):
    return next(lv for lv in data["levels"] if lv["code"] == code)


BAD_FILES = [
    (
        "bad op",
        lambda d: _commune_gate(d, "eid_registration").update(op="=>"),
        "levels[commune].gates[eid_registration]",
        "'op'",
    ),
    (
        "unknown criterion",
        lambda d: _commune_gate(d, "eid_registration").update(criterion="A.IX.9"),
        "levels[commune].gates[eid_registration].criterion",
        "A.IX.9",
    ),
    (
        "criterion and fact",
        lambda d: _commune_gate(d, "cccd_issued").update(fact="x"),
        "levels[commune].gates[cccd_issued]",
        "exactly one of 'criterion'",
    ),
    (
        "ratio above 1",
        lambda d: _commune_gate(d, "online_services").update(threshold=70),
        "levels[commune].gates[online_services]",
        "between 0 and 1",
    ),
    (
        "missing threshold",
        lambda d: _commune_gate(d, "online_services").pop("threshold"),
        "levels[commune].gates[online_services]",
        "'threshold' is missing",
    ),
    (
        "unknown field",
        lambda d: _commune_gate(d, "online_services").update(treshold=1),
        "levels[commune].gates[online_services]",
        "field 'treshold' is not used",
    ),
    (
        "override with both",
        lambda d: _commune_gate(d, "eid_registration")["overrides"][0].update(threshold=0.9),
        "levels[commune].gates[eid_registration].overrides[0]",
        "exactly one of 'threshold' or 'add'",
    ),
    (
        "override kind",
        lambda d: _commune_gate(d, "eid_registration")["overrides"][0].update(unit_kind="town"),
        "levels[commune].gates[eid_registration].overrides[0]",
        "unknown unit kind 'town'",
    ),
    (
        "unknown form",
        lambda d: _level(d, "commune")["forms"][0].update(form="bang_khen_bo"),
        "levels[commune].forms[0]",
        "no form 'bang_khen_bo'",
    ),
    (
        "forms out of order",
        lambda d: _level(d, "commune")["forms"].reverse(),
        "levels[commune].forms[1]",
        "highest first",
    ),
    (
        "cap exceeded",
        lambda d: _level(d, "commune")["forms"][0].update(collectives=6),
        "forms[bang_khen_ubnd_tinh].cap.collectives",
        "19 collectives, above the form's cap of 18",
    ),
    (
        "no quota form",
        lambda d: _level(d, "commune")["forms"].append(
            {"form": "giay_khen_ubnd_xa", "collectives": 3}
        ),
        "levels[commune].forms[2]",
        "has no quota",
    ),
    (
        "unknown framework",
        lambda d: _level(d, "commune").update(framework="nowhere-2023"),
        "levels[commune].framework",
        "no framework 'nowhere-2023'",
    ),
    (
        "bad tie-breaker",
        lambda d: _level(d, "commune").update(tie_breakers=["Z"]),
        "levels[commune].tie_breakers",
        "tie-breaker 'Z'",
    ),
    (
        "per_parent zero",
        lambda d: _level(d, "commune")["nomination"].update(per_parent=0),
        "levels[commune].nomination",
        "at least 1",
    ),
    (
        "repeated level",
        lambda d: d["levels"].append(dict(_level(d, "village"))),
        "levels[village]",
        "repeated",
    ),
    (
        "yes/no with >",
        lambda d: _level(d, "village")["gates"][4].update(op=">"),
        "levels[village].gates[online_services_outreach]",
        "op: ==",
    ),
]


@pytest.mark.parametrize(
    ("what", "change", "where", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_it_names_the_file_and_field_of_a_bad_plan(what, change, where, message):
    with pytest.raises(PlanFileError) as info:
        parse_plan(_mutated(change), origin="plan.yaml")
    text = str(info.value)
    assert f"plan.yaml, {where}" in text
    assert message in text
    assert "tệp plan.yaml" in text  # Vietnamese first


def test_it_reports_every_problem_at_once():
    def two(d):
        _commune_gate(d, "eid_registration").update(op="=>")
        _level(d, "village")["forms"][0].update(collectives=-1)

    with pytest.raises(PlanFileError) as info:
        parse_plan(_mutated(two), origin="plan.yaml")
    assert len(info.value.problems) == 2


def test_it_rejects_a_file_that_is_not_a_mapping():
    with pytest.raises(PlanFileError, match="must be a mapping"):
        parse_plan("- a\n- b\n", origin="plan.yaml")


def test_it_says_when_a_file_cannot_be_read(tmp_path):
    with pytest.raises(PlanFileError, match="cannot read the file"):
        load_plan(tmp_path / "missing.yaml")


def test_it_loads_a_plan_file_from_disk(tmp_path):
    path = tmp_path / "my-plan.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    assert resolve_plan(str(path)).code == "hagiang-2023"
