"""Named facts: the level above records what a gate reads that no criterion holds.

Thôn Lũng Cú (a village of the owner's commune) has five gates, all facts;
the Sở Thông tin và Truyền thông (a department) one. Recorded facts flow into
the gates and the allocation; the platform's own facts are never recorded.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.awards_web.fact_world import PDF, FactWorld, make_fact_world, record_all
from tests.web.awards_web.fact_world import stored as stored_fact
from tests.web.conftest import World
from thidua.awards import Decision, Gate
from thidua.web import policy
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import fact_rows, facts, services
from thidua.web.awards_web.facts import FactSpec, StaleFact
from thidua.web.awards_web.models import FactEvidence, UnitFact
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit

VILLAGE_FACTS = [
    "cccd_mobilised_ratio",
    "eid_registration_ratio",
    "eid_activation_ratio",
    "population_data_cleaned_ratio",
    "online_services_outreach",
]


@pytest.fixture
def fw(world: World) -> FactWorld:
    return make_fact_world(world)


def save(
    fw: FactWorld,
    who: str,
    name: str,
    value: object,
    version: int,
    *,
    unit: Unit | None = None,
    note: str = "",
    upload: io.BytesIO | None = None,
    upload_name: str = "",
) -> UnitFact:
    return facts.record_fact(
        getattr(fw, who),
        campaign=fw.campaign,
        unit=unit or fw.village,
        name=name,
        value=value,
        note=note,
        expected_version=version,
        upload=upload,
        upload_name=upload_name,
    )


def value_of(fw: FactWorld, name: str) -> object:
    """The village's stored value of ``name`` (None when nothing is stored)."""
    f = stored_fact(fw, fw.village, name)
    return None if f is None else f.value


def decision(fw: FactWorld, level: str, unit: Unit) -> Decision:
    la = services.allocate(fw.campaign, level)
    return next(d for d in la.allocation.decisions if d.unit == unit.code)


# --- which facts --------------------------------------------------------------------------


def test_it_derives_the_facts_a_unit_needs_from_the_plan(fw: FactWorld) -> None:
    assert [s.name for s in facts.needed_facts(fw.campaign, fw.village)] == VILLAGE_FACTS
    assert [s.name for s in facts.needed_facts(fw.campaign, fw.department)] == [
        "staff_eid_level2_ratio"
    ]
    # A commune's only fact gate is the models registry's count: nothing to record by hand.
    assert facts.needed_facts(fw.campaign, fw.commune) == []
    assert set(facts.PLATFORM_FACTS) == {"models_registered", "commune_kind"}


def test_the_platform_computes_exactly_the_facts_it_lists(fw: FactWorld) -> None:
    level = services.unit_level(services.plan_for(fw.campaign), fw.village)
    assert level is not None
    (unit_input,) = services.inputs(fw.campaign, level, [fw.village])
    assert set(unit_input.facts) == set(facts.PLATFORM_FACTS)


def test_without_an_award_plan_a_unit_needs_no_fact(world: World) -> None:
    assert facts.needed_facts(world.campaign, world.commune) == []


# --- recorded facts feed the gates ----------------------------------------------------------


def test_a_village_passes_its_gates_on_the_recorded_facts(fw: FactWorld) -> None:
    d = decision(fw, "village", fw.village)
    assert d.status == "gate_failed"
    assert len(d.failed_gates) == 5  # nothing recorded yet
    record_all(fw, fw.village)
    d = decision(fw, "village", fw.village)
    assert d.status == "proposed" and d.failed_gates == ()
    _level, elig = services.eligibility_of(fw.campaign, fw.village)
    assert elig.eligible
    explained = {r.gate.code: r.explanation.vi for r in elig.results}
    assert explained["eid_registration"] == "kết quả 85%, cần > 80% → đạt"
    assert explained["online_services_outreach"] == "kết quả có, cần có → đạt"


def test_a_village_fails_the_gate_its_fact_misses(fw: FactWorld) -> None:
    record_all(fw, fw.village, {"eid_registration_ratio": "80%"})  # "trên 80%": not met
    d = decision(fw, "village", fw.village)
    assert d.status == "gate_failed"
    assert d.failed_gates == ("eid_registration",)
    _level, elig = services.eligibility_of(fw.campaign, fw.village)
    (failed,) = elig.failed
    assert failed.explanation.vi == "kết quả 80%, cần > 80% → không đạt"


def test_a_city_village_is_held_to_the_city_increase(fw: FactWorld) -> None:
    # "địa bàn thôn, tổ của thành phố tăng thêm 15%": > 95%, read from the district's kind.
    record_all(
        fw, fw.city_village, {"eid_registration_ratio": "90%", "eid_activation_ratio": "96%"}
    )
    _level, elig = services.eligibility_of(fw.campaign, fw.city_village)
    (failed,) = elig.failed
    assert failed.gate.code == "eid_registration"
    assert "cần > 95%" in failed.explanation.vi


def test_a_department_passes_or_fails_on_its_staff_ratio(fw: FactWorld) -> None:
    name = "staff_eid_level2_ratio"
    save(fw, "admin", name, {"numerator": 118, "denominator": 120}, 0, unit=fw.department)
    d = decision(fw, "department", fw.department)
    assert d.failed_gates == ("staff_eid_level2",)
    save(fw, "admin", name, {"numerator": 120, "denominator": 120}, 1, unit=fw.department)
    d = decision(fw, "department", fw.department)
    assert d.failed_gates == ()


def test_the_platforms_own_facts_win_over_recorded_ones(fw: FactWorld) -> None:
    UnitFact.objects.create(
        campaign=fw.campaign,
        unit=fw.commune,
        name="models_registered",
        value=3,
        recorded_at="2023-11-01T00:00:00Z",
    )
    level = services.unit_level(services.plan_for(fw.campaign), fw.commune)
    assert level is not None
    (unit_input,) = services.inputs(fw.campaign, level, [fw.commune])
    assert unit_input.facts["models_registered"] == 0  # the registry's count


def test_the_platforms_facts_cannot_be_recorded(fw: FactWorld) -> None:
    with pytest.raises(BadInput) as err:
        save(fw, "admin", "models_registered", 2, 0, unit=fw.commune)
    assert "không cần dữ kiện 'models_registered'" in err.value.msg.vi
    assert not UnitFact.objects.exists()


# --- validation by the core's own reader ----------------------------------------------------

NUMBER = FactSpec(
    "trained_staff",
    Gate(
        code="trained",
        label="Số cán bộ được tập huấn",
        label_en="Staff trained",
        op=">=",
        threshold=Decimal(10),
        display="number",
        fact="trained_staff",
    ),
)


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("eid_registration_ratio", {"numerator": "850", "denominator": "1000"}, Decimal("0.85")),
        ("eid_registration_ratio", {"percent": "85,5"}, Decimal("0.855")),
        ("eid_registration_ratio", {"percent": "85.5%"}, Decimal("0.855")),
        ("online_services_outreach", {"yes_no": "yes"}, True),
        ("online_services_outreach", {"yes_no": "no"}, False),
    ],
)
def test_it_reads_the_form_as_the_core_does(
    fw: FactWorld, name: str, form: dict[str, str], expected: object
) -> None:
    spec = facts.spec_for(fw.campaign, fw.village, name)
    assert spec is not None
    assert facts.parse(spec, fw.village, facts.value_from_form(spec, form)) == expected


def test_it_reads_a_number_fact(fw: FactWorld) -> None:
    assert facts.value_from_form(NUMBER, {"number": "12"}) == 12
    assert facts.parse(NUMBER, fw.village, facts.value_from_form(NUMBER, {"number": "2,5"})) == (
        Decimal("2.5")
    )
    with pytest.raises(BadInput) as err:
        facts.parse(NUMBER, fw.village, facts.value_from_form(NUMBER, {"number": "mười"}))
    assert "'mười' không phải là số" in err.value.msg.vi
    assert "'mười' is not a number" in err.value.msg.en


@pytest.mark.parametrize(
    ("name", "value", "vi", "en"),
    [
        ("eid_registration_ratio", "120%", "tỷ lệ phải từ 0 đến 1", "a ratio must be between"),
        (
            "eid_registration_ratio",
            {"numerator": 900, "denominator": 850},
            "tử số 900 lớn hơn mẫu số 850",
            "numerator 900 exceeds denominator 850",
        ),
        ("eid_registration_ratio", {"numerator": 900}, "cần cả 'numerator'", "both 'numerator'"),
        ("online_services_outreach", "có lẽ", "cần có/không", "yes/no is needed"),
        ("cccd_mobilised_ratio", None, "chưa nhập giá trị", "no value entered"),
        ("cccd_mobilised_ratio", "  ", "chưa nhập giá trị", "no value entered"),
    ],
)
def test_it_refuses_what_the_core_refuses_naming_the_unit_and_fact(
    fw: FactWorld, name: str, value: object, vi: str, en: str
) -> None:
    with pytest.raises(BadInput) as err:
        save(fw, "appraiser", name, value, 0)
    msg = err.value.msg
    assert msg.vi.startswith(f"Đơn vị Thôn Lũng Cú (HG.DV.LC.T1), dữ kiện '{name}': ")
    assert msg.en.startswith(f"Unit Thôn Lũng Cú (HG.DV.LC.T1), fact '{name}': ")
    assert vi in msg.vi and en in msg.en
    assert (
        not UnitFact.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="fact.").exists()
    )


def test_it_stores_the_shape_the_core_reads(fw: FactWorld) -> None:
    f = save(fw, "appraiser", "eid_activation_ratio", {"numerator": 3, "denominator": 4, "x": 1}, 0)
    assert f.value == {"numerator": 3, "denominator": 4}
    f = save(fw, "appraiser", "online_services_outreach", "có", 0)
    assert f.value is True


# --- who, versions, audit, freezing -------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", False), ("peer", False), ("outsider", False), ("appraiser", True), ("admin", True)],
)
def test_the_level_above_and_the_campaign_admin_record_facts(
    fw: FactWorld, who: str, allowed: bool
) -> None:
    if allowed:
        assert save(fw, who, "eid_registration_ratio", "85%", 0).version == 1
    else:
        with pytest.raises(Denied):
            save(fw, who, "eid_registration_ratio", "85%", 0)
        assert not UnitFact.objects.exists()


def test_a_unit_never_records_its_own_facts(fw: FactWorld) -> None:
    from django.contrib.auth.models import User

    from thidua.web.accounts.models import Membership

    head = User.objects.create_user("truong_thon")
    Membership.objects.create(user=head, unit=fw.village, role="admin")
    assert policy.can_view_facts(head, fw.campaign, fw.village)
    with pytest.raises(Denied):
        facts.record_fact(
            head,
            campaign=fw.campaign,
            unit=fw.village,
            name="eid_registration_ratio",
            value="85%",
            note="",
            expected_version=0,
        )


def test_a_stale_write_is_refused_and_nothing_is_written(fw: FactWorld) -> None:
    save(fw, "appraiser", "eid_registration_ratio", "82%", 0)
    save(fw, "admin", "eid_registration_ratio", "86%", 1)
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleFact) as err:
        save(fw, "appraiser", "eid_registration_ratio", "83%", 1)
    assert err.value.status == 409
    assert err.value.current.value == "86%" and err.value.current.version == 2
    assert "Dữ kiện đã được người khác cập nhật" in err.value.msg.vi
    assert "Someone else updated this fact first" in err.value.msg.en
    assert AuditEntry.objects.count() == entries
    assert value_of(fw, "eid_registration_ratio") == "86%"
    with pytest.raises(StaleFact):  # a second creation is stale too
        save(fw, "admin", "eid_registration_ratio", "90%", 0)


def test_every_change_is_audited_with_before_and_after(fw: FactWorld) -> None:
    save(fw, "appraiser", "eid_registration_ratio", "82%", 0, note="Báo cáo tháng 10")
    save(fw, "admin", "eid_registration_ratio", {"numerator": 86, "denominator": 100}, 1)
    first, second = AuditEntry.objects.filter(action="fact.save").order_by("seq")
    assert (first.actor_name, first.object_type, first.object_id, first.unit) == (
        "appraiser",
        "fact",
        "hg-2023/HG.DV.LC.T1/eid_registration_ratio",
        "HG.DV.LC.T1",
    )
    assert first.before is None
    assert first.after == {"value": "82%", "note": "Báo cáo tháng 10", "version": 1}
    assert second.before == {"value": "82%", "note": "Báo cáo tháng 10", "version": 1}
    assert second.after == {
        "value": {"numerator": 86, "denominator": 100},
        "note": "",
        "version": 2,
    }


@pytest.mark.parametrize("state", ["draft", "published", "archived"])
def test_facts_are_frozen_outside_a_running_campaign(fw: FactWorld, state: str) -> None:
    save(fw, "admin", "eid_registration_ratio", "85%", 0)
    fw.campaign.state = state
    fw.campaign.save()
    with pytest.raises(Denied):
        save(fw, "admin", "eid_registration_ratio", "90%", 1)
    with pytest.raises(Denied):
        facts.attach(
            fw.admin,
            fact=facts.get_fact(fw.campaign, fw.village, "eid_registration_ratio"),
            upload=io.BytesIO(PDF),
            name="a.pdf",
        )
    assert value_of(fw, "eid_registration_ratio") == "85%"
    html = fw.client(fw.admin).get(reverse("unit_awards", args=["hg-2023", fw.village.code]))
    assert 'id="fact-eid_registration_ratio"' in html.content.decode()
    assert "Lưu dữ kiện" not in html.content.decode()


# --- evidence -----------------------------------------------------------------------------


def test_evidence_goes_with_the_value_in_one_transaction(fw: FactWorld) -> None:
    f = save(
        fw,
        "appraiser",
        "cccd_mobilised_ratio",
        "100%",
        0,
        upload=io.BytesIO(PDF),
        upload_name="bao-cao-cong-an-xa.pdf",
    )
    (ev,) = f.evidence.all()
    assert (ev.original_name, ev.file_type, ev.size) == ("bao-cao-cong-an-xa.pdf", "pdf", len(PDF))
    assert ev.file.name.startswith("facts/hg-2023/HG.DV.LC.T1/")
    assert ev.file.name.endswith(f"{ev.sha256}.pdf")
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["fact.save", "fact.evidence"]


@pytest.mark.parametrize(
    ("data", "vi"),
    [
        (b"just some text", "chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG"),
        (b"", "rỗng"),
        (PDF * 10, "lớn hơn giới hạn"),
    ],
)
def test_a_bad_file_writes_nothing(fw: FactWorld, settings: object, data: bytes, vi: str) -> None:
    settings.EVIDENCE_MAX_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(BadInput) as err:
        save(fw, "appraiser", "cccd_mobilised_ratio", "100%", 0, upload=io.BytesIO(data))
    assert vi in err.value.msg.vi
    assert not UnitFact.objects.exists() and not FactEvidence.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="fact.").exists()


def test_evidence_needs_a_recorded_fact(fw: FactWorld) -> None:
    blank = facts.get_fact(fw.campaign, fw.village, "cccd_mobilised_ratio")
    with pytest.raises(BadInput) as err:
        facts.attach(fw.admin, fact=blank, upload=io.BytesIO(PDF), name="a.pdf")
    assert "hãy nhập giá trị trước" in err.value.msg.vi


# --- pages --------------------------------------------------------------------------------


def unit_page(fw: FactWorld, who: str, unit: Unit | None = None) -> tuple[int, str]:
    u = unit or fw.village
    response = fw.client(getattr(fw, who)).get(reverse("unit_awards", args=["hg-2023", u.code]))
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("who", "status", "form"),
    [
        ("owner", 200, False),
        ("peer", 404, False),
        ("outsider", 404, False),
        ("appraiser", 200, True),
        ("admin", 200, True),
    ],
)
def test_the_unit_page_shows_facts_to_readers_and_forms_to_recorders(
    fw: FactWorld, who: str, status: int, form: bool
) -> None:
    record_all(fw, fw.village)
    code, html = unit_page(fw, who)
    assert code == status
    if status == 200:
        assert 'id="fact-eid_activation_ratio"' in html
        assert "84,95% (350/412)" in html  # the activation ratio, with its counts
        assert "Báo cáo của Công an xã" in html and "admin" in html
        assert "đạt tất cả 5 điều kiện" in html
        assert ("Lưu dữ kiện" in html) is form


def test_the_unit_page_explains_a_missing_fact(fw: FactWorld) -> None:
    _code, html = unit_page(fw, "appraiser")
    assert "chưa có kết quả (dữ kiện &#x27;cccd_mobilised_ratio&#x27;)" in html
    assert "Chưa ghi nhận" in html


def test_the_unit_page_names_the_platforms_facts(fw: FactWorld) -> None:
    _code, html = unit_page(fw, "admin", fw.commune)
    assert "Tính tự động từ sổ mô hình" in html
    assert 'id="facts"' not in html  # nothing to record for a commune


def test_facts_can_be_recorded_before_the_level_has_a_framework(fw: FactWorld) -> None:
    fw.campaign.frameworks.filter(level="village").delete()
    code, html = unit_page(fw, "appraiser")
    assert code == 200
    assert 'id="gates-problem"' in html and "Lưu dữ kiện" in html


def post_fact(fw: FactWorld, who: str, name: str, data: dict[str, object]) -> Any:
    path = reverse("fact_save", args=["hg-2023", fw.village.code, name])
    return fw.client(getattr(fw, who)).post(path, data)


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 302), ("admin", 302)],
)
def test_saving_a_fact_follows_the_policy(fw: FactWorld, who: str, status: int) -> None:
    file = SimpleUploadedFile("bien-ban.pdf", PDF)
    data = {"numerator": "350", "denominator": "412", "version": "0", "file": file}
    response = post_fact(fw, who, "eid_activation_ratio", data)
    assert response.status_code == status
    f = stored_fact(fw, fw.village, "eid_activation_ratio")
    if status == 302:
        assert f is not None and f.value == {"numerator": 350, "denominator": 412}
        assert f.evidence.count() == 1 and f.recorded_by == getattr(fw, who)
    else:
        assert f is None


def test_a_stale_form_says_so_and_writes_nothing(fw: FactWorld) -> None:
    save(fw, "admin", "eid_registration_ratio", "86%", 0)
    path = reverse("fact_save", args=["hg-2023", fw.village.code, "eid_registration_ratio"])
    page = fw.client(fw.appraiser).post(path, {"percent": "82", "version": "0"}, follow=True)
    html = page.content.decode()
    assert "Dữ kiện đã được người khác cập nhật" in html
    assert '<strong class="fact-value">86%</strong>' in html  # the newer value is shown
    assert value_of(fw, "eid_registration_ratio") == "86%"


def test_an_invalid_form_says_why_in_the_users_language(fw: FactWorld) -> None:
    client = fw.client(fw.appraiser)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    path = reverse("fact_save", args=["hg-2023", fw.village.code, "eid_registration_ratio"])
    response = client.post(path, {"percent": "120", "version": "0"}, follow=True)
    html = response.content.decode()
    assert "Unit Thôn Lũng Cú (HG.DV.LC.T1), fact &#x27;eid_registration_ratio&#x27;" in html
    assert "a ratio must be between 0 and 1" in html
    assert not UnitFact.objects.exists()


def test_an_unknown_fact_is_not_found(fw: FactWorld) -> None:
    response = post_fact(fw, "admin", "models_registered", {"number": "3", "version": "0"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 302), ("admin", 302)],
)
def test_uploading_evidence_follows_the_policy(fw: FactWorld, who: str, status: int) -> None:
    save(fw, "admin", "online_services_outreach", True, 0)
    path = reverse("fact_evidence", args=["hg-2023", fw.village.code, "online_services_outreach"])
    response = fw.client(getattr(fw, who)).post(
        path, {"file": SimpleUploadedFile("bien-ban-hop.pdf", PDF)}
    )
    assert response.status_code == status
    assert FactEvidence.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_downloading_evidence_follows_the_read_policy(fw: FactWorld, who: str, status: int) -> None:
    f = save(fw, "admin", "online_services_outreach", True, 0, upload=io.BytesIO(PDF))
    ev = f.evidence.get()
    response = fw.client(getattr(fw, who)).get(reverse("fact_evidence_file", args=[ev.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "status", "visible"),
    [
        ("owner", 200, {"HG.DV.LC.T1"}),
        ("peer", 200, {"HG.DV.SP.T1"}),
        ("outsider", 404, set()),
        ("appraiser", 200, {"HG.DV.LC.T1", "HG.DV.SP.T1"}),
        ("admin", 200, {"HG.DV.LC.T1", "HG.DV.SP.T1", "HG.TP.NT.T1"}),
    ],
)
def test_the_level_page_lists_missing_facts_within_the_users_scope(
    fw: FactWorld, who: str, status: int, visible: set[str]
) -> None:
    record_all(fw, fw.village)
    response = fw.client(getattr(fw, who)).get(
        reverse("awards_level_facts", args=["hg-2023", "village"])
    )
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    shown = {
        code for code in ("HG.DV.LC.T1", "HG.DV.SP.T1", "HG.TP.NT.T1") if f'id="u-{code}"' in html
    }
    assert shown == visible
    if "HG.DV.LC.T1" not in visible:
        assert "350/412" not in html  # another commune's village: neither its row nor its values
    missing = fw.client(getattr(fw, who)).get(
        reverse("awards_level_facts", args=["hg-2023", "village"]), {"missing": "1"}
    )
    assert 'id="u-HG.DV.LC.T1"' not in missing.content.decode()  # complete: filtered out


def test_the_level_pages_link_to_the_facts(fw: FactWorld) -> None:
    html = fw.client(fw.admin).get(reverse("awards", args=["hg-2023"])).content.decode()
    assert reverse("awards_level_facts", args=["hg-2023", "village"]) in html
    assert reverse("awards_level_facts", args=["hg-2023", "commune"]) not in html


def test_the_facts_read_in_english(fw: FactWorld) -> None:
    record_all(fw, fw.village, {"online_services_outreach": False})
    client = fw.client(fw.appraiser)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("unit_awards", args=["hg-2023", fw.village.code])).content.decode()
    assert "Facts of the award conditions" in html and "Save fact" in html
    assert "Recorded by admin" in html and ">no</strong>" in html
    assert "result no, needed yes → not met" in html
    level = client.get(reverse("awards_level_facts", args=["hg-2023", "village"])).content.decode()
    assert "1 unit with missing facts / 2." in level and "Missing" in level


# --- withdrawing a fact recorded by mistake --------------------------------------------------

REG = "eid_registration_ratio"


def withdraw(
    fw: FactWorld, who: str, version: int, *, name: str = REG, reason: str = "Nhập nhầm thôn"
) -> UnitFact:
    return facts.withdraw_fact(
        getattr(fw, who),
        campaign=fw.campaign,
        unit=fw.village,
        name=name,
        reason=reason,
        expected_version=version,
    )


def test_a_withdrawn_fact_leaves_its_gate_missing_again(fw: FactWorld) -> None:
    record_all(fw, fw.village)
    assert decision(fw, "village", fw.village).status == "proposed"
    f = withdraw(fw, "appraiser", 1)
    assert (f.value, f.version, f.recorded_by) == (None, 2, fw.appraiser)
    level = services.unit_level(services.plan_for(fw.campaign), fw.village)
    assert level is not None
    (unit_input,) = services.inputs(fw.campaign, level, [fw.village])
    assert REG not in unit_input.facts and "eid_activation_ratio" in unit_input.facts
    d = decision(fw, "village", fw.village)
    assert d.status == "gate_failed" and d.failed_gates == ("eid_registration",)
    _level, elig = services.eligibility_of(fw.campaign, fw.village)
    (failed,) = elig.failed
    assert failed.explanation.vi == f"chưa có kết quả (dữ kiện '{REG}'), cần > 80% → không đạt"
    _code, html = unit_page(fw, "owner")  # the unit's gates page says so too
    assert f"chưa có kết quả (dữ kiện &#x27;{REG}&#x27;), cần &gt; 80% → không đạt" in html
    assert "đạt tất cả 5 điều kiện" not in html
    assert f'id="withdrawn-{REG}"' in html and "Chưa ghi nhận" in html


def test_a_withdrawal_keeps_the_value_in_the_history_and_the_audit(fw: FactWorld) -> None:
    save(fw, "admin", REG, {"numerator": 86, "denominator": 100}, 0, note="Báo cáo tháng 10")
    withdraw(fw, "appraiser", 1, reason="Số liệu của thôn khác")
    entry = AuditEntry.objects.get(action="fact.withdraw")
    assert (entry.actor_name, entry.object_id, entry.reason) == (
        "appraiser",
        f"hg-2023/HG.DV.LC.T1/{REG}",
        "Số liệu của thôn khác",
    )
    assert entry.before == {
        "value": {"numerator": 86, "denominator": 100},
        "note": "Báo cáo tháng 10",
        "version": 1,
    }
    assert entry.after == {"value": None, "note": "", "version": 2}
    row = next(
        r for r in fact_rows.facts_of(fw.owner, fw.campaign, fw.village) if r.spec.name == REG
    )
    assert row.missing and row.withdrawn
    recorded, withdrawn = row.history
    assert (recorded.withdrawn, recorded.actor, recorded.note) == (
        False,
        "admin",
        "Báo cáo tháng 10",
    )
    assert withdrawn == row.withdrawal
    assert withdrawn.withdrawn and withdrawn.value == {"numerator": 86, "denominator": 100}
    assert withdrawn.words is not None and withdrawn.words.vi == "86% (86/100)"
    assert (withdrawn.reason, withdrawn.version) == ("Số liệu của thôn khác", 2)
    _code, html = unit_page(fw, "owner")
    assert '<s class="fact-withdrawn">86% (86/100)</s>' in html
    assert "Số liệu của thôn khác" in html and f'id="history-{REG}"' in html
    # Recorded again later: the history keeps all three changes, and the gate reads the new value.
    save(fw, "admin", REG, "90%", 2)
    row = next(
        r for r in fact_rows.facts_of(fw.owner, fw.campaign, fw.village) if r.spec.name == REG
    )
    assert [c.withdrawn for c in row.history] == [False, True, False]
    assert not row.withdrawn and row.withdrawal is None


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_a_reason(fw: FactWorld, reason: str) -> None:
    save(fw, "admin", REG, "85%", 0)
    entries = AuditEntry.objects.count()
    with pytest.raises(BadInput) as err:
        withdraw(fw, "admin", 1, reason=reason)
    assert "Cần nêu lý do rút dữ kiện" in err.value.msg.vi
    assert "A reason is needed to withdraw" in err.value.msg.en
    assert value_of(fw, REG) == "85%" and AuditEntry.objects.count() == entries


def test_a_stale_withdrawal_is_refused_and_nothing_is_written(fw: FactWorld) -> None:
    save(fw, "appraiser", REG, "82%", 0)
    save(fw, "admin", REG, "86%", 1)
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleFact) as err:
        withdraw(fw, "appraiser", 1)
    assert err.value.status == 409
    assert err.value.current.value == "86%" and err.value.current.version == 2
    assert value_of(fw, REG) == "86%" and AuditEntry.objects.count() == entries


def test_only_a_recorded_value_can_be_withdrawn(fw: FactWorld) -> None:
    with pytest.raises(BadInput) as err:
        withdraw(fw, "admin", 0)  # never recorded
    assert "chưa được ghi nhận hoặc đã được rút" in err.value.msg.vi
    save(fw, "admin", REG, "85%", 0)
    withdraw(fw, "admin", 1)
    with pytest.raises(BadInput):
        withdraw(fw, "admin", 2)  # already withdrawn
    with pytest.raises(StaleFact):
        withdraw(fw, "admin", 1)  # withdrawn by someone else meanwhile
    assert AuditEntry.objects.filter(action="fact.withdraw").count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", False), ("peer", False), ("outsider", False), ("appraiser", True), ("admin", True)],
)
def test_those_who_record_a_fact_withdraw_it(fw: FactWorld, who: str, allowed: bool) -> None:
    save(fw, "admin", REG, "85%", 0)
    if allowed:
        assert withdraw(fw, who, 1).value is None
    else:
        with pytest.raises(Denied):
            withdraw(fw, who, 1)
        assert value_of(fw, REG) == "85%"


@pytest.mark.parametrize("state", ["draft", "published", "archived"])
def test_a_fact_is_not_withdrawn_outside_a_running_campaign(fw: FactWorld, state: str) -> None:
    save(fw, "admin", REG, "85%", 0)
    fw.campaign.state = state
    fw.campaign.save()
    with pytest.raises(Denied):
        withdraw(fw, "admin", 1)
    assert value_of(fw, REG) == "85%"
    _code, html = unit_page(fw, "admin")
    assert "Rút dữ kiện" not in html


@pytest.mark.parametrize(
    ("unit", "name", "where"),
    [
        ("commune", "models_registered", "/c/hg-2023/u/HG.DV.LC/models/"),
        ("village", "commune_kind", "/manage/units/HG.DV.LC/edit/"),
    ],
)
def test_the_platforms_facts_are_never_withdrawn_here(
    fw: FactWorld, unit: str, name: str, where: str
) -> None:
    with pytest.raises(BadInput) as err:
        facts.withdraw_fact(
            fw.admin,
            campaign=fw.campaign,
            unit=getattr(fw, unit),
            name=name,
            reason="sai",
            expected_version=1,
        )
    msg = err.value.msg
    assert f"Dữ kiện '{name}'" in msg.vi and "do hệ thống tự tính, không rút được ở đây" in msg.vi
    assert "is computed by the platform and cannot be withdrawn here" in msg.en
    assert where in msg.vi and where in msg.en
    assert not AuditEntry.objects.filter(action="fact.withdraw").exists()


def test_every_platform_fact_says_where_it_is_changed(fw: FactWorld) -> None:
    for name in facts.PLATFORM_FACTS:
        msg = facts.platform_fact_refusal(fw.campaign, fw.village, name).msg
        assert "(/" in msg.vi and "(/" in msg.en  # the page to change it, by address


def post_withdraw(fw: FactWorld, who: str, data: dict[str, object], name: str = REG) -> Any:
    path = reverse("fact_withdraw", args=["hg-2023", fw.village.code, name])
    return fw.client(getattr(fw, who)).post(path, data, follow=False)


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 302), ("admin", 302)],
)
def test_withdrawing_from_the_page_follows_the_policy(fw: FactWorld, who: str, status: int) -> None:
    save(fw, "admin", REG, "85%", 0)
    response = post_withdraw(fw, who, {"reason": "Nhập nhầm", "version": "1"})
    assert response.status_code == status
    assert value_of(fw, REG) == (None if status == 302 else "85%")
    if status == 302:
        assert response["Location"].endswith(f"/awards/#fact-{REG}")


def test_the_page_offers_withdrawal_only_to_recorders_of_a_recorded_fact(fw: FactWorld) -> None:
    save(fw, "admin", REG, "85%", 0)
    _code, html = unit_page(fw, "appraiser")
    assert html.count('class="form-inline mt-1 fact-withdraw"') == 1  # the one recorded fact
    assert reverse("fact_withdraw", args=["hg-2023", fw.village.code, REG]) in html
    assert "return confirm(" in html
    _code, html = unit_page(fw, "owner")
    assert "fact-withdraw" not in html and "Rút dữ kiện" not in html


def test_the_page_refuses_a_withdrawal_without_reason_or_with_a_stale_version(
    fw: FactWorld,
) -> None:
    save(fw, "admin", REG, "85%", 0)
    client = fw.client(fw.appraiser)
    path = reverse("fact_withdraw", args=["hg-2023", fw.village.code, REG])
    html = client.post(path, {"reason": " ", "version": "1"}, follow=True).content.decode()
    assert "Cần nêu lý do rút dữ kiện" in html
    save(fw, "admin", REG, "86%", 1)
    html = client.post(path, {"reason": "nhầm", "version": "1"}, follow=True).content.decode()
    assert "Dữ kiện đã được người khác cập nhật" in html
    assert '<strong class="fact-value">86%</strong>' in html  # the newer value is shown
    assert value_of(fw, REG) == "86%"
    assert not AuditEntry.objects.filter(action="fact.withdraw").exists()


def test_the_page_withdraws_and_shows_the_withdrawn_value(fw: FactWorld) -> None:
    save(fw, "admin", REG, "85%", 0)
    path = reverse("fact_withdraw", args=["hg-2023", fw.village.code, REG])
    page = fw.client(fw.appraiser).post(
        path, {"reason": "Số liệu của thôn khác", "version": "1"}, follow=True
    )
    html = page.content.decode()
    assert "Đã rút dữ kiện; giá trị cũ vẫn còn trong lịch sử" in html
    assert '<s class="fact-withdrawn">85%</s>' in html and "Số liệu của thôn khác" in html
    assert 'name="version" value="2"' in html  # the form records the fact again from here


def test_the_page_says_where_a_platform_fact_is_changed(fw: FactWorld) -> None:
    path = reverse("fact_withdraw", args=["hg-2023", fw.commune.code, "models_registered"])
    page = fw.client(fw.admin).post(path, {"reason": "sai", "version": "1"}, follow=True)
    html = page.content.decode()
    assert "do hệ thống tự tính, không rút được ở đây" in html
    assert "/c/hg-2023/u/HG.DV.LC/models/" in html
    unknown = reverse("fact_withdraw", args=["hg-2023", fw.village.code, "no_such_fact"])
    assert fw.client(fw.admin).post(unknown, {"reason": "x", "version": "1"}).status_code == 404


def test_the_withdrawal_reads_in_english(fw: FactWorld) -> None:
    save(fw, "admin", REG, "85%", 0)
    client = fw.client(fw.appraiser)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("unit_awards", args=["hg-2023", fw.village.code])).content.decode()
    assert "Withdraw fact" in html and "Withdraw this fact?" in html
    path = reverse("fact_withdraw", args=["hg-2023", fw.village.code, REG])
    html = client.post(path, {"reason": "wrong village", "version": "1"}, follow=True)
    text = html.content.decode()
    assert "Fact withdrawn; the old value stays in its history" in text
    assert "Withdrawn value" in text and "Value withdrawn" in text and "Value recorded" in text
    empty = client.post(path, {"reason": "", "version": "2"}, follow=True).content.decode()
    assert "A reason is needed to withdraw the fact" in empty
