"""Every page each role reaches by following links, in Vietnamese and in English.

For each role the walk starts at the login page, logs in, and follows the
links of every page it opens, the least visited kind of page first. One page
of each URL name is opened per language (``PER_ROUTE``): it must answer 200,
in the chosen language, with no server error text, no console error, no
uncaught script error and no failed sub-request, and its screenshot is kept.
A few more links of each kind are only fetched for their status
(``PROBE_PER_ROUTE``), so a link that answers 404 is still found without
opening all 45 criteria of every unit. Downloads (evidence, ranking exports,
anything that starts a download) are fetched and must be attachments. Then
the same walk in English, and log out.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import BINARY, COUNT, RATIO, Browse, Scene, lung_cu_submitted
from thidua.web.results import services

PER_ROUTE = 1
PROBE_PER_ROUTE = 4
MAX_PAGES = 60
DOWNLOADS = {"evidence", "ranking_export"}

ROLES = {  # role → (user, the URL names the walk must reach)
    "reporter": ("owner", {"home", "unit", "campaign", "self_assessment", "criterion_detail"}),
    "appraiser": (
        "appraiser",
        {"home", "unit", "campaign", "self_assessment", "criterion_detail", "appraisal", "ranking"},
    ),
    "admin": (
        "admin",
        {"home", "unit", "campaign", "self_assessment", "criterion_detail", "appraisal", "ranking"},
    ),
    "viewer": (
        "viewer",
        {"home", "unit", "campaign", "self_assessment", "criterion_detail", "ranking"},
    ),
}
DOWNLOADED = {
    "reporter": {"evidence"},
    "appraiser": {"evidence", "ranking_export"},
    "admin": {"evidence", "ranking_export"},
    "viewer": {"evidence", "ranking_export"},
}

# Links a page shows that answer 404 for that role: bugs, listed so the walk stays strict
# (a new dead link fails the test, and so does one of these once it is fixed).
KNOWN_DEAD_LINKS: dict[str, set[str]] = {
    "reporter": set(),
    "appraiser": set(),
    "admin": set(),
    "viewer": set(),
}

LABELS = {  # a label of the menu bar in each language
    "vi": "Đăng xuất",
    "en": "Log out",
}


@dataclass
class Walk:
    b: Browse
    lang: str
    seen: set[str] = field(default_factory=set)
    routes: Counter[str] = field(default_factory=Counter)
    probed: Counter[str] = field(default_factory=Counter)
    downloads: set[str] = field(default_factory=set)
    dead: set[str] = field(default_factory=set)

    def run(self, *starts: str) -> None:
        queue = list(dict.fromkeys(starts))
        queued = set(queue)
        while queue and sum(self.routes.values()) < MAX_PAGES:
            # The link to the least visited kind of page first, then in page order.
            i = min(range(len(queue)), key=lambda k: (self.routes[_route(queue[k])], k))
            path = queue.pop(i)
            self.seen.add(path)
            route = _route(path)
            if route == "?":
                self.dead.add(path)
            elif route in DOWNLOADS:
                self.download(route, path)
            elif self.routes[route] < PER_ROUTE:
                for link in self.open(route, path):
                    if link not in queued:
                        queued.add(link)
                        queue.append(link)
            elif self.probed[route] < PROBE_PER_ROUTE:
                self.probe(route, path)

    def open(self, route: str, path: str) -> list[str]:
        b = self.b
        # A dead link is collected below rather than reported twice.
        b.expect_status(urlsplit(path).path, 404)
        try:
            response = b.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" not in str(exc):
                raise
            self.download(route, path)  # a file link the URL name did not announce
            return []
        assert response is not None
        if response.status == 404:
            self.dead.add(path)
            return []
        assert response.status == 200, f"{self.lang} {path}: HTTP {response.status}"
        self.routes[route] += 1
        expect(b.page.locator("html")).to_have_attribute("lang", self.lang)
        expect(b.page.locator("nav.navbar")).to_contain_text(LABELS[self.lang])
        b.assert_clean()
        b.shot(f"{self.lang}-{route}-{self.routes[route]}")
        hrefs = b.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        out = []
        for href in hrefs:
            if not href.startswith(b.base + "/"):
                continue  # javascript:history.back(), other hosts
            link = href.removeprefix(b.base).split("#")[0]
            if link and link not in self.seen:
                out.append(link)
        return out

    def probe(self, route: str, path: str) -> None:
        """A link of a kind already opened: only its status (a dead link is still a bug)."""
        self.probed[route] += 1
        response = self.b.page.request.get(self.b.url(path))
        if response.status == 404:
            self.dead.add(path)
        else:
            assert response.status == 200, f"{self.lang} {path}: HTTP {response.status}"

    def download(self, route: str, path: str) -> None:
        response = self.b.page.request.get(self.b.url(path))
        assert response.status == 200, f"{self.lang} {path}: HTTP {response.status}"
        assert "attachment" in response.headers.get("content-disposition", ""), path
        assert not response.headers.get("content-type", "").startswith("text/html"), path
        self.downloads.add(route)


@functools.cache
def _route(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).url_name or "?"
    except Resolver404:
        return "?"


def walked_scene(scene: Scene) -> None:
    """Lũng Cú submitted with a PDF, then one row corrected and one returned to it."""
    w = scene.world
    lung_cu_submitted(scene, with_evidence=True)
    for code, action, value in (
        (RATIO, services.correct, "60%"),
        (COUNT, services.return_to_unit, None),
    ):
        row = services.get_result(w.campaign, w.commune, code)
        kwargs = {"value": value} if value is not None else {}
        action(
            w.appraiser,
            campaign=w.campaign,
            unit=w.commune,
            criterion=code,
            reason="Bổ sung minh chứng",
            expected_version=row.version,
            **kwargs,
        )


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_of_a_role_works_in_vietnamese_and_english(
    role: str, desktop: Browse, scene: Scene
) -> None:
    username, must_reach = ROLES[role]
    walked_scene(scene)
    b = desktop
    page = b.page

    b.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    b.assert_clean()
    b.shot("vi-login")
    b.login(username)

    for lang in ("vi", "en"):
        if lang == "en":
            page.locator("nav.navbar").get_by_role("button", name="English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        walk = Walk(b, lang)
        walk.run("/", f"/c/hg-2023/u/HG.DV.LC/row/{BINARY}/")  # the row with the PDF
        reached = set(walk.routes)
        assert must_reach <= reached, f"{lang}: never reached {must_reach - reached}"
        assert DOWNLOADED[role] <= walk.downloads, (lang, walk.downloads)
        assert walk.dead == KNOWN_DEAD_LINKS[role], f"{lang}: links answering 404: {walk.dead}"

    page.locator("nav.navbar").get_by_role("button", name="Log out").click()
    expect(page).to_have_url(b.url("/accounts/login/"))
    expect(page.locator("main h1")).to_have_text("Log in")
    b.shot("en-logged-out")
    b.assert_clean()
