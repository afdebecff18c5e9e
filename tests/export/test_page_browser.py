"""The plan page in a real browser: Debian's Chromium, driven headless by Playwright.

Ticks survive a reload (the page's script and ``localStorage``), the page asks for nothing from
the network, and at a phone's 390x844 and a desktop's 1280x800 no text runs past the screen or
is clipped inside the timeline. Screenshots go to the test's temporary folder, or to
``$MATHPATH_SCREENSHOTS`` when it names a folder (to look at them).

Needs ``/usr/bin/chromium`` (``apt-get install chromium``; ``$MATHPATH_CHROMIUM`` for another
path) and the ``playwright`` package (installed without a browser of its own:
``PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1``). Without them the tests are skipped on a developer's
machine and fail in CI (``$CI`` set), where ``.ci/run`` installs both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from mathpath.catalog.load import bundled_catalog_path, load_catalog
from mathpath.export.page import plan_to_html
from mathpath.planning import make_plan
from mathpath.planning.request import build_request

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

CHROMIUM = Path(os.environ.get("MATHPATH_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}

# Every element that reaches past the viewport's width, scrolls sideways, or (SVG text) leaves
# its drawing: what the reader would find cut off.
OVERFLOWS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  if (document.documentElement.scrollWidth > width) {
    found.push("page scrolls sideways: " + document.documentElement.scrollWidth);
  }
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      found.push(name(el) + " spans " + box.left + ".." + box.right);
    }
    if (el.scrollWidth > width || el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        && getComputedStyle(el).overflowX !== "visible") {
      found.push(name(el) + " scrollWidth " + el.scrollWidth + " > " + el.clientWidth);
    }
  }
  for (const svg of document.querySelectorAll("svg")) {
    const frame = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5
          || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) {
        found.push("svg text '" + text.textContent + "' leaves the drawing");
      }
    }
  }
  return found;
}"""


@dataclass(frozen=True)
class Browser:
    context: BrowserContext
    requests: list[str]


def _needs(what: str) -> None:
    """Skip on a developer's machine, fail in CI: there the test must really run."""
    message = f"the browser tests need {what} (see this module's notes)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _needs(f"Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _needs("the playwright package")
    requests: list[str] = []
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data dir
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        context.on("request", lambda request: requests.append(request.url))
        try:
            yield Browser(context, requests)
        finally:
            context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real plans of the bundled catalog: long titles, parts, two tracks and a deadline; and
    the same goal in Chinese."""
    catalog = load_catalog(bundled_catalog_path())  # whatever MATHPATH_CATALOG says
    folder = tmp_path_factory.mktemp("pages")
    english = build_request(
        "deep-learning-specialization", start="2027-01-04", parallel=2, deadline="2027-09-30"
    )
    chinese = build_request("deep-learning", start="2027-01-04", lang="zh")
    made = {}
    for name, request, lang in (("en", english, None), ("zh", chinese, "zh")):
        path = folder / f"plan-{name}.html"
        path.write_text(plan_to_html(make_plan(catalog, request), lang=lang), encoding="utf-8")
        made[name] = path
    return made


def _open(browser: Browser, path: Path, size: tuple[int, int]) -> Page:
    page = browser.context.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.as_uri())
    return page


def _screenshots(tmp_path: Path) -> Path:
    folder = os.environ.get("MATHPATH_SCREENSHOTS")
    return Path(folder) if folder else tmp_path


def test_a_tick_is_still_there_after_a_reload(browser: Browser, pages: dict[str, Path]) -> None:
    page = _open(browser, pages["en"], VIEWPORTS["phone"])
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    boxes = page.locator("input[data-id]")
    total = boxes.count()
    assert total > 5
    assert page.locator("#progress").inner_text() == f"0 of {total} ticked"
    boxes.nth(1).check()
    assert page.locator("#progress").inner_text() == f"1 of {total} ticked"
    page.reload()
    assert boxes.nth(1).is_checked()
    assert not boxes.nth(0).is_checked()
    assert page.locator("#progress").inner_text() == f"1 of {total} ticked"
    assert "ticked" in (page.locator("#item-2").get_attribute("class") or "")
    assert page.locator("#storage-note").is_hidden()
    boxes.nth(1).uncheck()
    page.reload()
    assert not boxes.nth(1).is_checked()
    assert errors == []  # no script error, and no content-security-policy refusal
    page.close()


def test_the_ticks_of_one_goal_are_not_another_goals(
    browser: Browser, pages: dict[str, Path]
) -> None:
    page = _open(browser, pages["en"], VIEWPORTS["desktop"])
    page.locator("input[data-id]").nth(0).check()
    other = _open(browser, pages["zh"], VIEWPORTS["desktop"])
    assert other.locator("input[data-id]:checked").count() == 0
    page.locator("input[data-id]").nth(0).uncheck()
    page.close()
    other.close()


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_nothing_is_cut_off(
    browser: Browser, pages: dict[str, Path], tmp_path: Path, screen: str, language: str
) -> None:
    page = _open(browser, pages[language], VIEWPORTS[screen])
    shot = _screenshots(tmp_path) / f"plan-{language}-{VIEWPORTS[screen][0]}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    overflows: Any = page.evaluate(OVERFLOWS)
    assert overflows == []
    # Legible on a phone: the body text is not shrunk to fit.
    size = page.evaluate("() => getComputedStyle(document.body).fontSize")
    assert size == "16px"
    page.close()


def test_the_page_asks_the_network_for_nothing(browser: Browser, pages: dict[str, Path]) -> None:
    for path in pages.values():
        page = _open(browser, path, VIEWPORTS["phone"])
        page.close()
    assert browser.requests
    assert all(url.startswith("file://") for url in browser.requests), browser.requests
