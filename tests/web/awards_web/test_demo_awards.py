"""After `thidua demo`, the award pages have content: the plan's places filled, gates failed too.

The demo's 11 districts and city nominate one eligible commune each plus 3
extra (14 places: 5 Bằng khen, 9 Giấy khen); other communes miss one or two
gates on their results (or have no model registered), and some districts meet
every district gate. The 13 provincial departments are ranked on
annex1-task-completion, whose rows the platform wrote from their Annex 1
tasks; some meet the department gate (a named fact) and fill the level's 5
places. The department, commune and district lists are drawn up by the demo,
with a handful of demo people each level's nominating units put forward
(within their quotas), who are all proposed and appear in the dossier files.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.exports.dossier import all_text
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import demo_people, individual_allocation, individuals, services
from thidua.web.awards_web.models import (
    IndividualNomination,
    IndividualProposal,
    Proposal,
    UnitFact,
)
from thidua.web.campaigns.models import Campaign, LevelFramework
from thidua.web.campaigns.scoring import rank_level
from thidua.web.demo import load_demo
from thidua.web.models_registry.models import RegisteredModel
from thidua.web.results.models import Result
from thidua.web.tasks import completion
from thidua.web.tasks import services as tasks
from thidua.web.tasks.models import AgencyName, Task, TaskList


def _departments_are_ranked_on_their_tasks(campaign: Campaign, client: Client) -> None:
    departments = list(campaign.participants.filter(kind="so_nganh").order_by("code"))
    assert len(departments) == 13 and {u.parent.code for u in departments} == {"HG"}
    assert LevelFramework.objects.get(campaign=campaign, level="department").framework == (
        "annex1-task-completion"
    )
    # A.1 / A.2 written by the platform from the tasks (confirmed ones only), accepted, audited.
    tallies = completion.tallies(campaign)
    rows = Result.objects.filter(campaign=campaign, unit__in=departments).select_related("unit")
    assert sorted((r.unit.code, r.criterion) for r in rows) == sorted(
        (u.code, c) for u in departments for c in ("A.1", "A.2")
    )
    for r in rows:
        t = tallies[r.unit.pk][1]
        done = t.on_time if r.criterion == "A.1" else t.done
        assert r.status == "accepted"
        assert r.self_value == r.appraised_value == {"numerator": done, "denominator": t.tasks}
        generated = AuditEntry.objects.filter(action="result.generate", object_id=r.audit_id)
        assert generated.exists() and generated.order_by("-seq")[0].after["appraised_value"] == (
            r.appraised_value
        )
    # Reported by the departments' own accounts, confirmed or returned by the province.
    tl = TaskList.objects.get(campaign=campaign)
    reported = Task.objects.filter(task_list=tl, reported_by__isnull=False)
    assert reported.filter(reported_by__username="baocao_soyte").exists()
    assert AuditEntry.objects.filter(action="task.report").count() == reported.count()
    assert AuditEntry.objects.filter(
        action="task.confirm", actor__username="thamdinh_tinh"
    ).exists()
    assert AuditEntry.objects.filter(action="task.return").exists()
    # Some do well, some finish late, some wait for confirmation; some names still to review.
    summary = {r.unit.code: r for r in tasks.department_summary(tl)}
    assert summary["HG.STP"].confirmed == summary["HG.STP"].tasks == 4
    assert summary["HG.SYT"].done_late >= 2
    assert summary["HG.SGDDT"].done_on_time == 1 and summary["HG.SGDDT"].confirmed == 0
    pending = set(AgencyName.objects.filter(task_list=tl, status="pending").values_list("name"))
    assert ("Tỉnh đoàn",) in pending and 3 <= len(pending) <= 10
    _, ranking = rank_level(campaign, "department")
    totals = [r.total for r in ranking]
    assert len(totals) == 13 and max(totals) == 100 and min(totals) == 0

    # The gate is a named fact: some departments at 100%, some below; 5 places filled.
    assert UnitFact.objects.filter(campaign=campaign, unit__in=departments).count() == 13
    la = services.allocate(campaign, "department").allocation
    assert len(la.proposals) == 5
    assert any(e.failed for e in la.eligibility)
    assert sum(e.eligible for e in la.eligibility) > len(la.proposals)  # eligible, no place left
    assert sorted(
        Proposal.objects.filter(campaign=campaign, level="department").values_list("unit__code")
    ) == sorted((d.unit,) for d in la.proposals)

    client.force_login(User.objects.get(username="admin_tinh"))
    page = client.get(reverse("ranking", args=[campaign.code, "department"]))
    assert page.status_code == 200 and "Sở Tư pháp" in page.content.decode()
    page = client.get(reverse("awards_level", args=[campaign.code, "department"]))
    assert page.status_code == 200 and "Bảo hiểm xã hội tỉnh" in page.content.decode()


def _people_are_nominated_within_quotas_and_drawn_up(campaign: Campaign, client: Client) -> None:
    nominations = list(IndividualNomination.objects.filter(campaign=campaign))
    assert sorted(n.name for n in nominations) == sorted(p.name for p in demo_people.PEOPLE)
    assert all(n.achievements.endswith("\n(Dữ liệu minh họa)") for n in nominations)
    # Đề án 06 work: citizen ID cards, VNeID accounts, cleaning the population data.
    text = "\n".join(n.achievements for n in nominations).lower()
    assert "căn cước công dân" in text and "vneid" in text and "làm sạch dữ liệu dân cư" in text
    # Put forward by the unit's own reporter where it has one.
    actors = dict(
        AuditEntry.objects.filter(action="awards.nominate").values_list("unit", "actor_name")
    )
    assert actors["HG.DV.03"] == actors["HG.DV"] == "baocao_dongvan"
    assert (actors["HG.CAT"], actors["HG.YM.01"]) == ("baocao_congan", "admin_tinh")
    for level in ("department", "district", "commune"):
        lv = individuals.level_of(campaign, level)
        used = individuals.used_by_proposer(campaign, lv)
        assert used and max(used.values()) <= individuals.limit_of(lv)
        ia = individual_allocation.allocation_for(
            User.objects.get(username="admin_tinh"), campaign, level
        ).allocation
        assert all(len(f.given) <= f.places for f in ia.forms)
        # Within the level's places: every one is proposed, and drawn up with the collectives.
        drawn = IndividualProposal.objects.filter(campaign=campaign, level=level)
        assert sorted(drawn.values_list("name", "form", "status")) == sorted(
            (d.name, d.form, "drafted") for d in ia.decisions
        )
        assert drawn.count() == sum(used.values())
    assert Counter(
        IndividualProposal.objects.filter(campaign=campaign).values_list("level", flat=True)
    ) == Counter(p.level for p in demo_people.PEOPLE)
    communes = Counter(p.unit.rsplit(".", 1)[0] for p in demo_people.PEOPLE if p.level == "commune")
    assert max(communes.values()) == 2 and len(communes) >= 5  # Đồng Văn's extra person

    # In the dossier downloads: the XLSX "Ca nhan" sheet, the tờ trình, the form 07 report.
    client.force_login(User.objects.get(username="admin_tinh"))
    xlsx = client.get(reverse("awards_file", args=[campaign.code, "commune", "danh-sach.xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Ca nhan"]
    names = {row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert names == {p.name for p in demo_people.PEOPLE if p.level == "commune"}
    text = all_text(
        client.get(
            reverse("awards_file", args=[campaign.code, "department", "to-trinh.docx"])
        ).content
    )
    assert "Nguyễn Mạnh Cường" in text and "Phạm Thị Thanh Huyền" in text
    ip = IndividualProposal.objects.get(campaign=campaign, name="Sùng Mí Chá")
    report = all_text(
        client.get(reverse("awards_individual_report", args=[campaign.code, ip.pk])).content
    )
    assert "Sùng Mí Chá" in report and "Thu nhận hồ sơ cấp căn cước công dân" in report
    page = client.get(reverse("awards_level", args=[campaign.code, "district"])).content.decode()
    assert "Giàng Seo Pao" in page and 'id="individual-proposals"' in page


@pytest.mark.django_db
def test_the_demo_fills_the_award_places_shows_failed_gates_and_draws_up_once(
    client: Client,
) -> None:
    """One test: loading the demo takes most of its time."""
    load_demo()
    campaign = Campaign.objects.get(code="hagiang-2023")
    _departments_are_ranked_on_their_tasks(campaign, client)
    la = services.allocate(campaign, "commune")
    a = la.allocation
    given = {f.form.code: len(f.given) for f in a.forms}
    assert given == {"bang_khen_ubnd_tinh": 5, "giay_khen_ca_tinh": 9}
    assert len(a.proposals) == 14

    eligible = Counter(e.score.unit.parent for e in a.eligibility if e.eligible)
    communes = Counter(u.parent.code for u in la.units.values() if u.parent)
    assert len(communes) == 11
    # Most districts: a quarter to a half of their communes meet every gate.
    shares = [eligible[d] / n for d, n in communes.items()]
    assert sum(1 for s in shares if 0.2 <= s <= 0.6) >= 8
    assert max(shares) < 1

    # Units with results that miss one or two gates on a measured value, or have no model.
    measured = [e for e in a.eligibility if e.failed and all(r.value is not None for r in e.failed)]
    assert len(measured) >= 10
    assert all(len(e.failed) <= 2 for e in measured)
    assert any(r.gate.code == "model_815" for e in measured for r in e.failed)
    assert any(r.threshold.override is not None for e in measured for r in e.failed)

    # Districts: some meet every district gate, others miss some on their results.
    district = services.allocate(campaign, "district").allocation
    assert len(district.proposals) >= 1
    assert any(
        e.failed and all(r.value is not None for r in e.failed) for e in district.eligibility
    )

    stored = {
        level: sorted(
            Proposal.objects.filter(campaign=campaign, level=level).values_list(
                "unit__code", "form", "status"
            )
        )
        for level in ("department", "district", "commune")
    }
    assert stored["district"] == sorted((d.unit, d.form, "drafted") for d in district.proposals)
    assert len(stored["commune"]) == 14
    participants = campaign.participants.exclude(kind="so_nganh").count()
    assert RegisteredModel.objects.filter(campaign=campaign).values("unit").distinct().count() >= (
        participants // 2
    )

    _people_are_nominated_within_quotas_and_drawn_up(campaign, client)

    load_demo()
    assert Proposal.objects.filter(campaign=campaign).count() == len(stored["district"]) + 14 + 5
    assert IndividualNomination.objects.filter(campaign=campaign).count() == len(demo_people.PEOPLE)
    assert IndividualProposal.objects.filter(campaign=campaign).count() == len(demo_people.PEOPLE)
