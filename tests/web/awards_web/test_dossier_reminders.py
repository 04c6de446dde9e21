"""Dossiers not submitted as the first deadline (05/12/2023) nears or passes: collectives and
individuals alike, on the level page, the awards page and the unit award page.

Drawn up at the commune level: the two communes of Đồng Văn (Lũng Cú, Sà Phìn) and three
people — Giàng Mí Cáy (Lũng Cú) and Lò Thị Mai (Sà Phìn), nominated by Đồng Văn, Hoàng Văn
Sơn (Yên Cường), nominated by Bắc Mê. The reminder starts 14 days before the deadline.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.web.awards_web.people_world import PeopleWorld, make_people_world
from tests.web.conftest import World
from thidua.web.awards_web import services
from thidua.web.awards_web.models import IndividualProposal, Proposal

LATE = "chưa nộp hồ sơ dù đã qua hạn đầu tiên (05/12/2023)"


@pytest.fixture
def pw(world: World) -> PeopleWorld:
    pw = make_people_world(world)
    pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    pw.nominate(pw.peer_commune, "Lò Thị Mai", user=pw.officer)
    pw.nominate(pw.bm_commune, "Hoàng Văn Sơn", user=pw.bm_officer)
    services.draw_up(pw.admin, pw.campaign, "commune")
    return pw


def _submit(pw: PeopleWorld, proposal: Proposal | IndividualProposal) -> None:
    services.move(pw.admin, proposal=proposal, action="submit")


def _level_page(pw: PeopleWorld, who: str = "admin", *, english: bool = False) -> str:
    client = pw.client(getattr(pw, who))
    if english:
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    path = reverse("awards_level", args=[pw.campaign.code, "commune"])
    return client.get(path).content.decode()


def test_it_counts_the_collectives_and_the_individuals_not_submitted(pw: PeopleWorld) -> None:
    assert services.unsent(pw.campaign) == services.Unsent(2, 3)
    _submit(pw, Proposal.objects.get(unit=pw.commune))
    _submit(pw, IndividualProposal.objects.get(name="Hoàng Văn Sơn"))
    assert services.unsent(pw.campaign, level="commune") == services.Unsent(1, 2)
    assert services.unsent(pw.campaign, level="district") == services.Unsent(0, 0)
    assert not services.unsent(pw.campaign, level="district")
    # Of some units: the collective of the unit, and the people of the unit.
    assert services.unsent(pw.campaign, units=[pw.peer_commune]) == services.Unsent(1, 1)
    assert services.unsent(pw.campaign, units=[pw.commune]) == services.Unsent(0, 1)
    words = services.unsent(pw.campaign).words
    assert (words.vi, words.en) == (
        "1 tập thể, 2 cá nhân chưa nộp",
        "1 collective, 2 individuals not submitted",
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2023, 11, 20), None),  # 15 days before: too early to remind
        (
            dt.date(2023, 11, 21),
            (
                "2 tập thể, 3 cá nhân chưa nộp hồ sơ; hạn đầu tiên 05/12/2023, còn 14 ngày",
                "2 collectives, 3 individuals not submitted yet; first deadline 05/12/2023, "
                "14 days left",
            ),
        ),
        (
            dt.date(2023, 12, 4),
            (
                "2 tập thể, 3 cá nhân chưa nộp hồ sơ; hạn đầu tiên 05/12/2023, còn 1 ngày",
                "2 collectives, 3 individuals not submitted yet; first deadline 05/12/2023, "
                "1 day left",
            ),
        ),
        (
            dt.date(2023, 12, 5),
            (
                "2 tập thể, 3 cá nhân chưa nộp hồ sơ; hạn đầu tiên 05/12/2023, hôm nay",
                "2 collectives, 3 individuals not submitted yet; first deadline 05/12/2023, today",
            ),
        ),
        (
            dt.date(2023, 12, 6),
            (
                f"2 tập thể, 3 cá nhân {LATE}",
                "2 collectives, 3 individuals not submitted although the first deadline "
                "(05/12/2023) has passed",
            ),
        ),
    ],
)
def test_the_reminder_starts_two_weeks_before_the_first_deadline(
    pw: PeopleWorld, today: dt.date, expected: tuple[str, str] | None
) -> None:
    reminder = services.dossier_reminder(pw.campaign, today=today)
    if expected is None:
        assert reminder is None
        return
    assert reminder is not None and reminder.late is (today > dt.date(2023, 12, 5))
    assert (reminder.words.vi, reminder.words.en) == expected


def test_no_reminder_once_every_dossier_is_submitted(pw: PeopleWorld) -> None:
    for p in Proposal.objects.all():
        _submit(pw, p)
    # The collectives are all submitted; the individuals are still drafts.
    reminder = services.dossier_reminder(pw.campaign, today=dt.date(2023, 12, 6))
    assert reminder is not None and reminder.unsent == services.Unsent(0, 3)
    for ip in IndividualProposal.objects.all():
        _submit(pw, ip)
    assert services.dossier_reminder(pw.campaign, today=dt.date(2023, 12, 6)) is None
    assert 'id="dossier-reminder"' not in _level_page(pw)


def test_the_level_page_warns_of_individuals_left_when_the_collectives_are_sent(
    pw: PeopleWorld,
) -> None:
    assert f"2 tập thể, 3 cá nhân {LATE}" in _level_page(pw)  # today is after 05/12/2023
    for p in Proposal.objects.all():
        _submit(pw, p)
    html = _level_page(pw)
    assert 'id="dossier-reminder"' in html and f"0 tập thể, 3 cá nhân {LATE}" in html
    assert "alert-danger" in html.split('id="dossier-reminder"')[0].rsplit("<div", 1)[1]
    english = _level_page(pw, english=True)
    assert (
        "0 collectives, 3 individuals not submitted although the first deadline (05/12/2023) "
        "has passed" in english
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", f"2 tập thể, 3 cá nhân {LATE}"),
        # Đồng Văn's appraiser: its two communes and their two people, not Bắc Mê's.
        ("appraiser", f"2 tập thể, 2 cá nhân {LATE}"),
        ("bm_appraiser", f"0 tập thể, 1 cá nhân {LATE}"),
    ],
)
def test_the_level_page_counts_the_dossiers_of_the_units_the_reader_may_see(
    pw: PeopleWorld, who: str, expected: str
) -> None:
    assert expected in _level_page(pw, who)


def test_the_reminder_is_a_warning_before_the_deadline(
    pw: PeopleWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.timezone, "localdate", lambda: dt.date(2023, 12, 1))
    html = _level_page(pw)
    block = html.split('id="dossier-reminder"')[1].split("</div>")[0]
    assert "2 tập thể, 3 cá nhân chưa nộp hồ sơ; hạn đầu tiên 05/12/2023, còn 4 ngày" in block
    assert "alert-warning" in html.split('id="dossier-reminder"')[0].rsplit("<div", 1)[1]


def test_the_awards_page_counts_every_levels_collectives_and_individuals(
    pw: PeopleWorld,
) -> None:
    # Đồng Văn's own person at the district level: no district meets its gates (no results),
    # but the person is proposed on the level's places.
    pw.nominate(pw.district, "Nguyễn Văn Hùng", user=pw.officer, level="district")
    services.draw_up(pw.admin, pw.campaign, "district")
    assert IndividualProposal.objects.filter(level="district").count() == 1
    html = pw.client(pw.admin).get(reverse("awards", args=[pw.campaign.code])).content.decode()
    assert f"2 tập thể, 4 cá nhân {LATE}" in html


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("admin", "commune", f"1 tập thể, 1 cá nhân {LATE}"),
        ("admin", "bm_commune", f"0 tập thể, 1 cá nhân {LATE}"),
        ("appraiser", "peer_commune", f"1 tập thể, 1 cá nhân {LATE}"),
        # A commune does not see the proposal lists before publication: no reminder either.
        ("owner", "commune", None),
        ("peer", "peer_commune", None),
    ],
)
def test_the_unit_award_page_counts_the_units_own_dossiers(
    pw: PeopleWorld, who: str, unit: str, expected: str | None
) -> None:
    path = reverse("unit_awards", args=[pw.campaign.code, getattr(pw, unit).code])
    response = pw.client(getattr(pw, who)).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    if expected is None:
        assert 'id="dossier-reminder"' not in html
    else:
        assert expected in html


def _home(pw: PeopleWorld, who: str, unit_code: str, *, english: bool = False) -> str:
    client = pw.client(getattr(pw, who))
    if english:
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("unit", args=[unit_code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_of_the_unit_running_the_campaign_reminds_who_sends_dossiers(
    pw: PeopleWorld,
) -> None:
    html = _home(pw, "admin", pw.province.code)
    box = html[html.index(f'id="award-reminder-{pw.campaign.code}"') :]
    assert "2 tập thể, 3 cá nhân " + LATE in box[: box.index("</div>")]
    assert reverse("awards", args=[pw.campaign.code]) in box[: box.index("</div>")]
    english = _home(pw, "admin", pw.province.code, english=True)
    assert "2 collectives, 3 individuals not submitted" in english
    assert "Open the awards page" in english


def test_the_home_page_reminder_goes_once_every_dossier_is_sent(pw: PeopleWorld) -> None:
    for proposal in [*Proposal.objects.all(), *IndividualProposal.objects.all()]:
        _submit(pw, proposal)
    assert "award-reminder-" not in _home(pw, "admin", pw.province.code)


def test_only_those_who_send_the_dossiers_see_the_home_page_reminder(pw: PeopleWorld) -> None:
    # The commune's and the district's own pages never carry it (they do not run the campaign),
    # nor does the province's page for a district appraiser.
    assert "award-reminder-" not in _home(pw, "owner", pw.commune.code)
    assert "award-reminder-" not in _home(pw, "appraiser", pw.district.code)
    response = pw.client(pw.appraiser).get(reverse("unit", args=[pw.province.code]))
    assert "award-reminder-" not in response.content.decode()


def test_an_archived_campaign_reminds_nobody(pw: PeopleWorld) -> None:
    pw.campaign.state = "archived"
    pw.campaign.save()
    assert "award-reminder-" not in _home(pw, "admin", pw.province.code)
