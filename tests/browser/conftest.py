"""Browser tests: Playwright's sync API driving Debian's Chromium against ``live_server``.

How the pieces fit (see docs/testing.md):

* Chromium is Debian's package at ``/usr/bin/chromium`` (``.ci/run`` installs it
  with apt when ``tests/browser`` exists); Playwright never downloads a browser.
  When it is missing or does not start, the tests are skipped with the reason,
  unless ``THIDUA_BROWSER_TESTS=required``, which turns that into a failure.
* The server is pytest-django's ``live_server`` (a thread of this process).
  Tests that use it get a *transactional* database (pytest-django adds
  ``transactional_db``; the fixtures here ask for it too, so it is explicit):
  rows written by the test are committed, so the server thread sees them, and
  the tables are flushed after each test.
* Data comes from the named users of ``tests/web/conftest.py`` (``world``) and
  the platform's own services (drafts, submit, appraisal) — the same code paths
  the pages use — so every value went through the scoring core.
* Screenshots of each step go to ``test-artifacts/browser/<test>/<NN-step>.png``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web import conftest as web
from tests.web.conftest import PASSWORD, World, _user
from thidua.scoring import get_builtin
from thidua.web.accounts.models import Role
from thidua.web.i18n import compile_catalogues
from thidua.web.results import evidence, services
from thidua.web.units.models import Unit

CHROMIUM = Path(os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium"))
# The flags this machine needs (docs/testing.md): no sandbox as root, no GPU, and no
# background connections, which the closed network would refuse over and over.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TIMEOUT_MS = 15_000

# Rows of the commune framework (hagiang-2023-commune) the flows touch.
BINARY = "A.I.1"  # binary, 5 points
RATIO = "A.II.1"  # ratio, target 70%, 20 points
COUNT = "A.I.3"  # count × 1, 7 points
EVENTS = "B.2"  # events: commended (5) / replicated (10), cap 20
ENTERED_IN_BROWSER = (BINARY, RATIO, COUNT)

# A minimal PDF: the evidence check reads the type from the content (``%PDF-``).
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("THIDUA_BROWSER_TESTS", "") == "required":
        pytest.fail(f"{reason} (THIDUA_BROWSER_TESTS=required)", pytrace=False)
    pytest.skip(f"{reason}; set THIDUA_BROWSER_TESTS=required to make this a failure")


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the package; every test gets its own context (cookies)."""
    if not CHROMIUM.exists():
        _unavailable(
            f"Chromium not found at {CHROMIUM}: "
            "apt-get install chromium (.ci/run does it when tests/browser exists)"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"the playwright package is not installed ({exc}): pip install -e '.[test]'")
    # Playwright's sync API runs an asyncio event loop on this thread (in a greenlet).
    # Django's async-safety guard sees that running loop and raises
    # SynchronousOnlyOperation for every ORM call the test thread makes afterwards:
    # building data, reading it back in asserts, and the transactional_db flush.
    # The loop is Playwright's and sits idle while such code runs, and the live
    # server answers requests in its own thread, so the guard protects nothing here.
    # It is lifted only while this package's browser is up and restored after it.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        try:
            # launch() gives Chromium a fresh, empty --user-data-dir of its own (a temp
            # directory Playwright removes on close); passing one in args is refused.
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as exc:
            pw.stop()
            _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        try:
            yield browser
        finally:
            browser.close()
            pw.stop()


@pytest.fixture(autouse=True, scope="session")
def _catalogues() -> None:
    compile_catalogues()  # the English pages need the .mo


@pytest.fixture
def fast_settings(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


# --- pages ---------------------------------------------------------------------------------

SERVER_ERROR_TEXT = (
    "Server Error",
    "Traceback",
    "Exception Value",
    "TemplateSyntaxError",
    "NoReverseMatch",
    "VariableDoesNotExist",
)


@dataclass
class Browse:
    """A page in its own browser context, with what went wrong on it and a screenshot helper."""

    page: Any
    base: str
    shots: Path
    problems: list[str] = field(default_factory=list)
    taken: list[Path] = field(default_factory=list)
    _expected_status: set[tuple[str, int]] = field(default_factory=set)

    def watch(self) -> None:
        def on_console(msg: Any) -> None:
            if msg.type != "error":
                return
            status = re.search(r"status of (\d+)", msg.text)
            where = (msg.location or {}).get("url", "")
            if status and self._expected(where, int(status.group(1))):
                return
            self.problems.append(f"console error on {self.page.url}: {msg.text} ({where})")

        def on_response(resp: Any) -> None:
            if resp.status >= 400 and not self._expected(resp.url, resp.status):
                self.problems.append(f"HTTP {resp.status} for {resp.url}")

        self.page.on("console", on_console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("response", on_response)

    def expect_status(self, path: str, status: int) -> None:
        """A response the test expects (e.g. a 404 page): not counted as a problem."""
        self._expected_status.add((path, status))

    def _expected(self, url: str, status: int) -> bool:
        path = urlsplit(url).path
        return (path, status) in self._expected_status

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str) -> Any:
        return self.page.goto(self.url(path))

    def shot(self, step: str, *, focus: Any = None, full_page: bool = False) -> Path:
        """``<NN>-<step>.png``: the visible part of the page (``focus`` centred) or all of it."""
        out = self.shots / f"{len(self.taken) + 1:02d}-{_slug(step)}.png"
        if focus is not None:
            focus.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
        self.page.screenshot(path=str(out), full_page=full_page)
        self.taken.append(out)
        return out

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.locator("main form button").click()
        self.page.wait_for_url(self.url("/"))

    def text(self) -> str:
        return str(self.page.inner_text("body"))

    def assert_clean(self) -> None:
        body = self.text()
        errors = [t for t in SERVER_ERROR_TEXT if t in body]
        assert not errors, f"{self.page.url} shows {errors}"
        assert not self.problems, "\n".join(self.problems)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:80] or "step"


def _browse(chromium: Any, request: Any, live_server: Any, *, mobile: bool) -> Browse:
    shots = ARTIFACTS / _slug(request.node.name)
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    context = chromium.new_context(
        viewport=PHONE if mobile else DESKTOP,
        locale="vi-VN",
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=2 if mobile else 1,
    )
    context.set_default_timeout(TIMEOUT_MS)
    request.addfinalizer(context.close)
    b = Browse(page=context.new_page(), base=live_server.url, shots=shots)
    b.watch()
    return b


@pytest.fixture
def phone(
    chromium: Any, request: Any, live_server: Any, transactional_db: None, fast_settings: Any
) -> Browse:
    """A 390×844 touch screen (a commune officer's phone)."""
    return _browse(chromium, request, live_server, mobile=True)


@pytest.fixture
def desktop(
    chromium: Any, request: Any, live_server: Any, transactional_db: None, fast_settings: Any
) -> Browse:
    return _browse(chromium, request, live_server, mobile=False)


# --- data ----------------------------------------------------------------------------------

FRAMEWORK = "hagiang-2023-commune"

# The named users and campaign of tests/web (owner, peer, outsider, appraiser, admin).
world = web.world


def typical(kind: str) -> object:
    """The value every non-event row gets unless a test says otherwise."""
    return {"binary": True, "ratio": "100%", "count": 1}.get(kind, 1)


def enter(user: User, w: World, unit: Unit, values: dict[str, object]) -> None:
    """Drafts through the service the pages use (checked by the scoring core, audited)."""
    for code, value in values.items():
        current = services.get_result(w.campaign, unit, code)
        services.save_draft(
            user,
            campaign=w.campaign,
            unit=unit,
            criterion=code,
            value=value,
            note="",
            expected_version=current.version if current.pk else 0,
        )


def table(skip: tuple[str, ...] = (), **overrides: object) -> dict[str, object]:
    """Every non-event row of the commune framework, typical values unless overridden."""
    fw = get_builtin(FRAMEWORK)
    out: dict[str, object] = {}
    for c in fw.criteria:
        if c.is_events or c.code in skip or c.rule is None:
            continue
        out[c.code] = overrides.get(c.code.replace(".", "_"), typical(c.rule.kind))
    return out


@dataclass
class Scene:
    world: World
    viewer: User


@pytest.fixture
def scene(world: World, transactional_db: None, fast_settings: Any) -> Scene:
    """The ``world`` of tests/web plus a provincial viewer, and Sà Phìn already appraised.

    Sà Phìn (the peer) has a full table, submitted and accepted, with the ratio
    ``A.II.1`` at 35% (10 of 20 points), so a Lũng Cú with typical values ranks
    above it and one whose ``A.II.1`` is cut to 14% (4 points) ranks below.
    Lũng Cú (the owner) has drafts for every row but the three the reporter
    enters in the browser; tests move it further with :func:`lung_cu_submitted`.
    """
    w = world
    viewer = _user("viewer", w.province, Role.VIEWER)  # type: ignore[arg-type]
    enter(w.peer, w, w.peer_commune, table(A_II_1="35%"))
    services.submit(w.peer, campaign=w.campaign, unit=w.peer_commune)
    services.bulk_accept(w.appraiser, campaign=w.campaign, unit=w.peer_commune)
    enter(w.owner, w, w.commune, table(skip=ENTERED_IN_BROWSER))
    return Scene(world=w, viewer=viewer)


def lung_cu_submitted(scene: Scene, *, with_evidence: bool = False) -> None:
    """Lũng Cú completes its table with typical values (and a PDF on A.I.1) and submits."""
    w = scene.world
    enter(w.owner, w, w.commune, {c: v for c, v in table().items() if c in ENTERED_IN_BROWSER})
    if with_evidence:
        result = services.get_result(w.campaign, w.commune, BINARY)
        evidence.attach(
            w.owner,
            result=result,
            upload=SimpleUploadedFile("ke-hoach.pdf", SMALL_PDF, "application/pdf"),
            name="ke-hoach.pdf",
        )
    services.submit(w.owner, campaign=w.campaign, unit=w.commune)
