"""Query-count baselines: the main pages and API lists run no more SQL queries with many rows
than with few (no query per row), and no more than the count recorded here.

Each test builds the named users' world (tests/web/conftest.py), counts the
queries of one request (tests/web/query_counts.py) with few rows, grows the
rows (communes with results, evidence files, proposals, nominations, visits…),
counts again, and asserts that the count did not grow and stays within the
page's baseline. The baselines are the counts measured when they were
recorded: a page that needs more queries fails here, and raising its number
below shows in the diff. Counts, never timings: they are the same on every run.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from tests.web.api.conftest import token_for
from tests.web.awards_web.people_world import LevelsWorld, make_levels_world
from tests.web.awards_web.test_awards_pages import appraise_all
from tests.web.conftest import World
from tests.web.helpers import fill_all
from tests.web.query_counts import ENGINE, Counted, assert_flat, request
from tests.web.reporting.conftest import PDF as REPORT_PDF
from tests.web.reporting.conftest import Clock, frozen, monthly, vn  # noqa: F401  (fixtures)
from thidua.web.reporting.models import Obligation
from thidua.web.units.models import Unit

# --- baselines --------------------------------------------------------------------------------
# Queries of one request of each page in its test's larger world, as measured when recorded
# (SQLite and PostgreSQL alike). A session request spends 2 reading the session and the user;
# a token request 1 reading the token with its user. A change that needs more queries fails
# here and must raise the number, which then shows in the diff.
BASELINE: dict[str, int] = {
    "home/owner": 5,  # 4 campaigns
    "home/admin": 5,
    "unit/HG.DV/admin": 39,  # the district's page, 12 communes below it
    "unit/HG.DV.LC/owner": 30,  # a commune's page: advice, charts, ranking bars among 12
    "unit/HG.DV.LC/owner/campaigns": 60,  # the same in 4 campaigns (PER_CAMPAIGN below)
    "unit/HG.DV.LC/admin/campaigns": 66,
    "unit/HG.DV/admin/campaigns": 57,
    "campaign": 9,  # 14 participants with their result counts
    "ranking/admin": 11,  # 12 communes ranked
    "ranking/appraiser": 11,
    "self_assessment/owner": 14,  # the commune's table, 20 evidence files
    "self_assessment/appraiser": 13,
    "appraisal/appraiser": 12,
    "awards/admin": 18,  # the levels' dossier counts
    "awards_level/commune/admin": 18,  # 8 proposals, 8 people nominated and drawn up
    "awards_level/commune/bm_appraiser": 18,
    "awards_level/department/admin": 18,
    "unit_awards/HG.STTTT/dept_officer": 21,  # a department with 8 people nominated
    "unit_awards/HG.STTTT/admin": 39,
    "unit_awards/HG.DV.LC/admin": 37,  # a commune's gates and place in the grown allocation
    "nominations/department/HG.STTTT/dept_officer": 14,  # 8 people
    "nominations/commune/HG.DV/officer": 14,
    "report_obligation": 14,  # July's compliance of 12 communes, 11 reports sent
    "reports": 16,  # 4 obligations (one COUNT each: test_reports_overview)
    "models_registry/admin": 8,  # 12 communes' models, each with a file and a commendation
    "models_registry/appraiser": 8,
    "task_list/admin": 11,  # 12 tasks
    "task_list/owner": 11,
    "inspection_plan/page": 22,  # a plan of 8 visits
    "api/results": 9,  # the commune's table, 20 evidence files
    "api/ranking": 8,  # 12 communes
    "api/participants": 5,  # 14 units
    "api/nominations": 10,  # 8 people
    "inspection_plan/api": 10,  # a plan of 8 visits
    "inspection_plan/api_notices": 4,
    "api/inspection_plans": 3,  # 4 plans
}

# The one place where engines may differ (savepoints, sequences…): PostgreSQL's counts where
# they are not BASELINE's. None differ when recorded.
BY_ENGINE: dict[str, dict[str, int]] = {"postgresql": {}}

# Known queries per campaign of the unit on its page (score over time, award plan, report
# reminders, the framework of its level read for each): a unit takes part in a few campaigns.
PER_CAMPAIGN: dict[str, int] = {
    "unit/HG.DV.LC/owner/campaigns": 10,
    "unit/HG.DV.LC/admin/campaigns": 9,
    "unit/HG.DV/admin/campaigns": 6,
}


def baseline(name: str) -> int:
    return BY_ENGINE.get(ENGINE, {}).get(name, BASELINE[name])


def check(name: str, small: Counted, large: Counted, *, shows: str = "", grows_by: int = 0) -> None:
    """``large`` (the same page with more rows) ran no more queries than ``small`` (plus
    ``grows_by``), within the page's baseline, and shows ``shows`` (the rows did grow)."""
    if shows:
        assert shows in large.response.content.decode(), (name, shows)
    assert_flat(small, large, baseline(name), grows_by=grows_by)


def token(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(user)}"}


# --- growing the world ------------------------------------------------------------------------

PDF = b"%PDF-1.4\n% minh chung\n"


def add_communes(world: World, n: int, *, districts: list[Unit] | None = None) -> list[Unit]:
    """``n`` more communes in the campaign (of Đồng Văn, or in turn of ``districts``), every
    row appraised and accepted (Q00, Q01, … under their district's code)."""
    districts = districts or [world.district]
    units = []
    for i in range(n):
        parent = districts[i % len(districts)]
        u = Unit.objects.create(
            code=f"{parent.code}.Q{i:02d}", name=f"Xã Thử {i:02d}", kind="xa", parent=parent
        )
        appraise_all(world, u)
        units.append(u)
    world.campaign.participants.add(*units)
    return units


def both_communes(world: World) -> None:
    """Lũng Cú and Sà Phìn appraised, as in tests/web/awards_web/test_awards_pages.py."""
    appraise_all(world, world.commune)
    appraise_all(world, world.peer_commune, {"A.I.1": False})


def add_campaigns(world: World, n: int) -> None:
    """``n`` more open campaigns of the province in which both communes take part."""
    from thidua.web.campaigns.models import Campaign, LevelFramework

    for i in range(n):
        c = Campaign.objects.create(
            code=f"hg-2023-{i}",
            title=f"Thi đua chuyên đề {i}",
            owner=world.province,
            period_start=dt.date(2023, 6, 14),
            period_end=dt.date(2023, 12, 15),
            state="open",
            tie_breakers=["A"],
        )
        c.participants.set([world.district, world.commune, world.peer_commune])
        LevelFramework.objects.create(campaign=c, level="commune", framework="hagiang-2023-commune")
        fill_all(c, world.commune)


# --- pages over the communes of a campaign ----------------------------------------------------


@pytest.mark.parametrize(("who", "unit"), [("admin", "HG.DV"), ("owner", "HG.DV.LC")])
def test_unit_page(world: World, who: str, unit: str) -> None:
    both_communes(world)
    client = world.client(getattr(world, who))
    path = reverse("unit", args=[unit])
    small = request(client, path)
    add_communes(world, 10)
    # The district's page lists its communes; the commune's places it in the ranking.
    check(f"unit/{unit}/{who}", small, request(client, path), shows="Xã Lũng Cú")


def test_campaign_page(world: World) -> None:
    both_communes(world)
    client = world.client(world.admin)
    path = reverse("campaign", args=[world.campaign.code])
    small = request(client, path)
    add_communes(world, 10)
    check("campaign", small, request(client, path), shows="HG.DV.Q09")


@pytest.mark.parametrize("who", ["admin", "appraiser"])
def test_ranking_page(world: World, who: str) -> None:
    both_communes(world)
    client = world.client(getattr(world, who))
    path = reverse("ranking", args=[world.campaign.code, "commune"])
    small = request(client, path)
    add_communes(world, 10)
    check(f"ranking/{who}", small, request(client, path), shows="Xã Thử 09")


def test_api_ranking(world: World) -> None:
    both_communes(world)
    client, headers = world.client(None), token(world.admin)
    path = f"/api/campaigns/{world.campaign.code}/ranking/commune"
    small = request(client, path, headers=headers)
    add_communes(world, 10)
    large = request(client, path, headers=headers)
    assert large.response.json()["count"] == 12
    check("api/ranking", small, large)


def test_api_participants(world: World) -> None:
    both_communes(world)
    client, headers = world.client(None), token(world.admin)
    path = f"/api/campaigns/{world.campaign.code}/units"
    small = request(client, path, headers=headers)
    add_communes(world, 10)
    large = request(client, path, headers=headers)
    assert large.response.json()["count"] == 14
    check("api/participants", small, large)


# --- the unit page and the start page over the campaigns of a unit -----------------------------


@pytest.mark.parametrize(
    ("who", "unit"), [("owner", "HG.DV.LC"), ("admin", "HG.DV.LC"), ("admin", "HG.DV")]
)
def test_unit_page_over_campaigns(world: World, who: str, unit: str) -> None:
    """A unit takes part in a few campaigns; for each one its page reads what it shows of it
    (score over time, award plan, report reminders, the framework of its level): a known
    cost per campaign, held at what it is."""
    fill_all(world.campaign, world.commune)
    client = world.client(getattr(world, who))
    path = reverse("unit", args=[unit])
    small = request(client, path)
    add_campaigns(world, 3)
    name = f"unit/{unit}/{who}/campaigns"
    large = request(client, path)
    check(name, small, large, shows="Thi đua chuyên đề 2", grows_by=3 * PER_CAMPAIGN[name])


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_home_page_over_campaigns(world: World, who: str) -> None:
    client = world.client(getattr(world, who))
    small = request(client, reverse("home"))
    add_campaigns(world, 3)
    check(f"home/{who}", small, request(client, reverse("home")), shows="Thi đua chuyên đề 2")


# --- a unit's table: evidence files -----------------------------------------------------------


def add_evidence(world: World, n: int) -> None:
    """``n`` more files on the owner's rows, two per row, uploaded by the owner (the service)."""
    from thidua.web.results import evidence
    from thidua.web.results.models import Evidence, Result

    rows = list(Result.objects.filter(unit=world.commune).order_by("criterion"))
    have = Evidence.objects.filter(result__unit=world.commune).count()
    for i in range(have, have + n):
        evidence.attach(
            world.owner,
            result=rows[i // 2],
            upload=io.BytesIO(PDF + str(i).encode()),
            name=f"bien-ban-{i}.pdf",
        )


def grow_evidence(world: World, n: int, status: str) -> None:
    """The owner uploads to draft rows; then they are at ``status`` again."""
    from thidua.web.results.models import Result

    Result.objects.filter(unit=world.commune).update(status="draft")
    add_evidence(world, n)
    Result.objects.filter(unit=world.commune).update(status=status)


@pytest.mark.parametrize(
    ("page", "who", "status"),
    [
        ("self_assessment", "owner", "draft"),
        ("self_assessment", "appraiser", "submitted"),
        ("appraisal", "appraiser", "submitted"),
    ],
)
def test_a_units_table(world: World, page: str, who: str, status: str) -> None:
    fill_all(world.campaign, world.commune)
    grow_evidence(world, 4, status)
    client = world.client(getattr(world, who))
    path = reverse(page, args=[world.campaign.code, world.commune.code])
    small = request(client, path)
    grow_evidence(world, 16, status)
    large = request(client, path)
    if page == "self_assessment":  # the appraisal page reads the files but does not list them
        # Each row with files links to them with their number, for phones and wider screens.
        assert large.response.content.decode().count("Chi tiết (") == 2 * 10
    check(f"{page}/{who}", small, large)


def test_api_results(world: World) -> None:
    fill_all(world.campaign, world.commune)
    grow_evidence(world, 4, "draft")
    client, headers = world.client(None), token(world.owner)
    path = f"/api/campaigns/{world.campaign.code}/units/{world.commune.code}/results?limit=100"
    small = request(client, path, headers=headers)
    grow_evidence(world, 16, "draft")
    large = request(client, path, headers=headers)
    assert sum(len(r["evidence"]) for r in large.response.json()["items"]) == 20
    check("api/results", small, large)


# --- awards: proposals and nominations --------------------------------------------------------


def register_models(world: World, units: list[Unit]) -> None:
    """One model per unit, registered by the admin: the commune gate ``model_815`` passes."""
    from thidua.web.models_registry import services as registry

    for u in units:
        registry.register(
            world.admin,
            campaign=world.campaign,
            unit=u,
            title=f"Mô hình {u.code}",
            field="An sinh xã hội",
            description="",
            started_on=dt.date(2023, 5, 1),
        )


def nominate_up_to(lw: LevelsWorld, n: int) -> None:
    """``n`` people at the commune level (two per district, the quota) and ``n`` people of
    Sở Thông tin và Truyền thông at the department level (at most 8)."""
    from thidua.web.awards_web.models import IndividualNomination

    communes = [lw.commune, lw.peer_commune, lw.bm_commune, lw.bm_commune]
    communes += [lw.mv_commune, lw.mv_commune, lw.ym_commune, lw.ym_commune]
    for level, units in (("commune", communes), ("department", [lw.department] * 8)):
        have = IndividualNomination.objects.filter(campaign=lw.campaign, level=level).count()
        for i in range(have, n):
            lw.nominate(units[i], f"Person {level} {i}", level=level, position="Cán bộ")


def draw_all(lw: LevelsWorld) -> None:
    from thidua.web.awards_web import services

    for level in ("commune", "department"):
        services.draw_up(lw.admin, lw.campaign, level)


def grow_awards(lw: LevelsWorld) -> None:
    """From 2 commune proposals (Đồng Văn's) and 1 + 1 people to 8 proposals and 8 + 8 people:
    the other districts' communes are appraised, and each district gets two more communes."""
    from thidua.web.awards_web.models import IndividualProposal, Proposal

    others = [lw.bm_commune, lw.mv_commune, lw.ym_commune]
    for u in others:
        appraise_all(lw, u)
    districts = [lw.district, lw.other_district, lw.mv, lw.ym]
    register_models(lw, others + add_communes(lw, 8, districts=districts))
    nominate_up_to(lw, 8)
    draw_all(lw)
    assert Proposal.objects.filter(level="commune").count() == 8
    assert IndividualProposal.objects.count() == 16


@pytest.fixture
def lw(world: World) -> LevelsWorld:
    return make_levels_world(world)


@pytest.mark.parametrize(
    ("name", "args", "who", "shows"),
    [
        ("awards", [], "admin", ""),
        ("awards_level", ["commune"], "admin", "Person commune 7"),
        ("awards_level", ["commune"], "bm_appraiser", "Person commune 3"),
        ("awards_level", ["department"], "admin", "Person department 7"),
        ("unit_awards", ["HG.STTTT"], "dept_officer", "Person department 7"),
        ("unit_awards", ["HG.STTTT"], "admin", "Person department 7"),
        ("unit_awards", ["HG.DV.LC"], "admin", ""),
        ("nominations", ["department", "HG.STTTT"], "dept_officer", "Person department 7"),
        ("nominations", ["commune", "HG.DV"], "officer", "Person commune 1"),
    ],
)
def test_award_pages(lw: LevelsWorld, name: str, args: list[str], who: str, shows: str) -> None:
    nominate_up_to(lw, 1)
    draw_all(lw)
    client = lw.client(getattr(lw, who))
    path = reverse(name, args=[lw.campaign.code, *args])
    small = request(client, path)
    grow_awards(lw)
    check("/".join([name, *args, who]), small, request(client, path), shows=shows)


def test_api_nominations(lw: LevelsWorld) -> None:
    nominate_up_to(lw, 1)
    client, headers = lw.client(None), token(lw.dept_officer)
    path = f"/api/campaigns/{lw.campaign.code}/awards/department/nominations/HG.STTTT"
    small = request(client, path, headers=headers)
    nominate_up_to(lw, 8)
    large = request(client, path, headers=headers)
    assert large.response.json()["count"] == 8
    check("api/nominations", small, large)


# --- reports: compliance per report, obligations ----------------------------------------------


@pytest.fixture
def reports(request: pytest.FixtureRequest) -> tuple[Clock, Obligation]:
    """The stopped clock and the communes' monthly report of tests/web/reporting/conftest.py."""
    return request.getfixturevalue("frozen"), request.getfixturevalue("monthly")


def send_july(world: World, reports: tuple[Clock, Obligation], units: list[Unit]) -> None:
    """Each of ``units`` sends July's report (due 20/7: some on time, some late), as the admin."""
    from thidua.web.reporting import services

    clock, obligation = reports
    july = obligation.instances.get(due_date=dt.date(2023, 7, 20))
    for i, u in enumerate(units):
        clock.set(vn(2023, 7, 15 + i))
        services.submit_report(
            world.admin,
            instance=july,
            unit=u,
            files=[(io.BytesIO(REPORT_PDF), "bao-cao.pdf")],
            document_number=f"{i}/BC-UBND",
        )
    clock.set(vn(2023, 8, 25))


def test_reports_compliance_page(world: World, reports: tuple[Clock, Obligation]) -> None:
    obligation = reports[1]
    both_communes(world)
    send_july(world, reports, [world.commune])
    client = world.client(world.admin)
    july = obligation.instances.get(due_date=dt.date(2023, 7, 20))
    path = reverse("report_obligation", args=[world.campaign.code, obligation.pk])
    path += f"?instance={july.pk}"
    small = request(client, path)
    send_july(world, reports, add_communes(world, 10))
    check("report_obligation", small, request(client, path), shows="Xã Thử 09")


OBLIGATIONS_ADDED = 3


def test_reports_overview(world: World, reports: tuple[Clock, Obligation]) -> None:
    from thidua.web.reporting import services

    client = world.client(world.admin)
    path = reverse("reports", args=[world.campaign.code])
    small = request(client, path)
    scopes: list[tuple[str, dict[str, Any]]] = [
        ("level", {"level": "district"}),
        ("subtree", {"root": world.district}),
        ("list", {"units": [world.commune, world.other_district]}),
    ]
    for i, (scope, extra) in enumerate(scopes):
        services.create_obligation(
            world.admin,
            campaign=world.campaign,
            spec=services.ObligationSpec(
                title=f"Report {i}",
                recipient=world.province,
                scope=scope,
                frequency="monthly",
                day=15,
                starts_on=dt.date(2023, 7, 1),
                **extra,
            ),
        )
    # One COUNT of the owing units per obligation is kept: a campaign has a handful of them,
    # and each follows its own scope (Obligation.owing_units).
    large = request(client, path)
    check("reports", small, large, shows="Report 2", grows_by=OBLIGATIONS_ADDED)


# --- models registry --------------------------------------------------------------------------


def models_with_recognitions(world: World, units: list[Unit]) -> None:
    """A model of each unit, with a file and a provincial commendation."""
    from thidua.web.models_registry import services as registry
    from thidua.web.models_registry.models import RegisteredModel

    register_models(world, units)
    for m in RegisteredModel.objects.filter(unit__in=units):
        registry.attach(world.admin, model=m, upload=io.BytesIO(PDF), name="mo-hinh.pdf")
        registry.recognise(
            world.admin,
            model=m,
            level="provincial",
            kind="commended",
            issuer="Tổ công tác Đề án 06 tỉnh",
            decision_number=f"{m.pk}/QĐ-TCT",
            decision_date=dt.date(2023, 10, 1),
        )


@pytest.mark.parametrize("who", ["admin", "appraiser"])
def test_models_registry(world: World, who: str) -> None:
    both_communes(world)
    models_with_recognitions(world, [world.commune, world.peer_commune])
    client = world.client(getattr(world, who))
    path = reverse("models_registry", args=[world.campaign.code]) + "?level=commune"
    small = request(client, path)
    models_with_recognitions(world, add_communes(world, 10))
    check(f"models_registry/{who}", small, request(client, path), shows="Mô hình HG.DV.Q09")


# --- task lists -------------------------------------------------------------------------------


def task_list(world: World, code: str, n: int) -> Any:
    """A list of ``n`` tasks led in turn by the two districts (their names confirmed)."""
    from tests.web.tasks.test_tasks import _xlsx
    from thidua.web.tasks import services

    leads = ["Huyện Đồng Văn", "Huyện Bắc Mê"]
    rows = [["1", "Nhóm nhiệm vụ"]]
    rows += [[f"1.{i + 1}", f"Task {i + 1}", leads[i % 2], "", "Tháng 9/2023"] for i in range(n)]
    tl = services.load_xlsx(
        world.admin,
        campaign=world.campaign,
        data=_xlsx(rows),
        filename=f"{code}.xlsx",
        code=code,
        title=f"Danh sách {code}",
        default_due=dt.date(2023, 11, 30),
    )
    for name, unit in zip(leads, [world.district, world.other_district], strict=True):
        services.review_name(world.admin, name=tl.names.get(name=name), units=[unit])
    return tl


@pytest.mark.parametrize("who", ["admin", "owner"])
def test_task_list_page(world: World, who: str) -> None:
    client = world.client(getattr(world, who))
    few, many = task_list(world, "few", 2), task_list(world, "many", 12)
    small = request(client, reverse("task_list", args=[world.campaign.code, few.pk]))
    large = request(client, reverse("task_list", args=[world.campaign.code, many.pk]))
    check(f"task_list/{who}", small, large, shows="Task 12")


# --- inspections ------------------------------------------------------------------------------


@pytest.fixture
def inline_solver(settings: Any) -> None:
    # As tests/web/inspections/conftest.py: solve jobs run inside the request.
    settings.THIDUA_SCHEDULE_SECONDS = 5.0
    settings.THIDUA_SOLVER_MODE = "inline"


def inspection_plan(world: World, code: str, per_team: int) -> Any:
    """The plan of tests/web/inspections (2 teams, 2 visits each) as ``code``, each team with
    ``per_team`` - 2 more communes to visit; scheduled, team 01's notices recorded."""
    from tests.web.inspections.conftest import PLAN_YAML
    from thidua.web.inspections import notices, services

    extra = {t: [f"x{t}{i}" for i in range(per_team - 2)] for t in ("1", "2")}
    added = "".join(
        f"  - {{code: {c}, name: Xã Thêm {c}, kind: xa}}\n" for cs in extra.values() for c in cs
    )
    text = (
        PLAN_YAML.replace("code: dv-2023", f"code: {code}")
        .replace("teams:\n", added + "teams:\n")
        .replace("[phong_noi_vu, lc]", "[" + ", ".join(["phong_noi_vu", "lc", *extra["1"]]) + "]")
        .replace("[phong_b, sp]", "[" + ", ".join(["phong_b", "sp", *extra["2"]]) + "]")
    )
    plan = services.import_plan(world.admin, owner=world.district, text=text)
    outcome = services.run_schedule(world.admin, plan)
    assert outcome.ok, outcome.problems
    notices.mark_plan_sent(
        world.admin, plan, sent_on=dt.date(2023, 8, 1), number="12/TB", team="01"
    )
    assert plan.visits.count() == 2 * per_team
    return plan


@pytest.mark.usefixtures("inline_solver")
@pytest.mark.parametrize("route", ["page", "api", "api_notices"])
def test_inspection_plan(world: World, route: str) -> None:
    """The plan page and its API: a plan of 4 visits, then one of 8."""
    client = world.client(world.admin if route == "page" else None)
    headers = None if route == "page" else token(world.admin)
    paths = {
        "page": lambda code: reverse("inspection_plan", args=[code]),
        "api": lambda code: f"/api/inspections/plans/{code}",
        "api_notices": lambda code: f"/api/inspections/plans/{code}/notices",
    }
    few, many = inspection_plan(world, "dv-few", 2), inspection_plan(world, "dv-many", 4)
    small = request(client, paths[route](few.code), headers=headers)
    large = request(client, paths[route](many.code), headers=headers)
    check(f"inspection_plan/{route}", small, large, shows="x21")


@pytest.mark.usefixtures("inline_solver")
def test_api_inspection_plans(world: World) -> None:
    client, headers = world.client(None), token(world.appraiser)
    inspection_plan(world, "dv-a", 2)
    small = request(client, "/api/inspections/plans", headers=headers)
    for code in ("dv-b", "dv-c", "dv-d"):
        inspection_plan(world, code, 2)
    large = request(client, "/api/inspections/plans", headers=headers)
    assert large.response.json()["count"] == 4
    check("api/inspection_plans", small, large)
