"""Light and dark theme in real Chromium: the app follows the browser's preference, its menu switches theme, and
every chart's text and marks, and every caption, read on the background they are drawn on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from caregap.colours import REFERENCE_COLOUR
from tests.browser.conftest import assert_no_exception, eventually, wait_for_app
from tests.test_charts import READABLE, STANDS_OUT, contrast

PAGES = {  # path: whether it draws charts
    "": False,
    "preference?split=gender": True,
    "expectations": True,
    "resolution": True,
    "social": True,
    "audit?dataset=auros_2011": True,
    "comparison": True,
    "your_data": False,
}
STACKED = ("expectations", "resolution")  # pages with stacked bars, whose bands hold their shares
REFERENCE_FILL = "rgb({}, {}, {})".format(*(int(REFERENCE_COLOUR[i : i + 2], 16) for i in (1, 3, 5)))

# What each chart draws, read from the page: its background, and the colours of its text and marks.
DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const drawn = [];
  const add = (kind, selector, property) => plot.querySelectorAll(selector).forEach(element => {
    const style = getComputedStyle(element);
    const text = (element.textContent || '').trim();
    if (property === 'fill' && kind !== 'bar' && !text) return;  // an empty mark: nothing drawn
    const opacity = property === 'fill' ? parseFloat(style.fillOpacity) : 1;
    drawn.push({kind, text, colour: style[property], opacity});
  });
  add('tick label', '.xtick text, .ytick text', 'fill');
  add('title', '.g-gtitle text, .g-xtitle text, .g-ytitle text', 'fill');
  add('legend', '.legendtext', 'fill');
  add('bar mark', '.textpoint text', 'fill');
  add('error bar', '.barlayer .errorbar path', 'stroke');
  add('line error bar', '.scatterlayer .errorbar path', 'stroke');
  add('bar', '.barlayer .point path', 'fill');
  plot.querySelectorAll('.barlayer text.bartext-inside').forEach(element => {
    const style = getComputedStyle(element);
    const text = element.textContent.trim();
    if (!text || style.display === 'none') return;  // a bar or band with no room for its share shows none
    const band = getComputedStyle(element.parentNode.querySelector('path')).fill;
    drawn.push({kind: 'share', text, colour: style.fill, opacity: parseFloat(style.fillOpacity), band});
  });
  plot.querySelectorAll('.scatterlayer .points path').forEach(element => {
    const style = getComputedStyle(element);
    drawn.push({kind: 'marker', fill: style.fill, stroke: parseFloat(style.strokeWidth) > 0 ? style.stroke : 'none'});
  });
  return {background: getComputedStyle(plot.querySelector('.main-svg')).backgroundColor, drawn};
})"""


# Captions under the charts and on the Overview (bases, sources, notes): colour and opacity as drawn.
CAPTIONS = """() => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].map(caption => {
  const style = getComputedStyle(caption);
  return {text: caption.textContent.trim().slice(0, 60), colour: style.color, opacity: parseFloat(style.opacity)};
})"""
TEXT = 4.5  # WCAG 2.1 text contrast (1.4.3, level AA): axis labels and titles, legends, captions


def blended(colour: str, opacity: float, background: str) -> str:
    """The colour a translucent colour shows on a background, as 'rgb(r, g, b)'."""

    def channels(value: str) -> list[float]:
        if value.startswith("#"):
            return [int(value[i : i + 2], 16) for i in (1, 3, 5)]
        return [float(v) for v in value[value.index("(") + 1 : value.index(")")].split(",")[:3]]

    mixed = [opacity * c + (1 - opacity) * b for c, b in zip(channels(colour), channels(background), strict=True)]
    return "rgb({:.0f}, {:.0f}, {:.0f})".format(*mixed)


def opaque(colour: str) -> bool:
    """Whether a computed colour is a plain rgb() (not none, a pattern, or transparent)."""
    return colour.startswith("rgb(")


@pytest.fixture(params=["dark", "light"])
def scheme(request) -> str:
    return request.param


@pytest.fixture()
def themed(browser: Browser, scheme: str) -> Iterator[Page]:
    """A fresh page in a browser that prefers the dark (or the light) colour scheme."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def app_background(tab: Page) -> str:
    return tab.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")


def wait_for_readable_css(tab: Page) -> None:
    """Until the app's own stylesheet (caregap/ui/readable.css, injected by st.html) is in the page: a loaded
    machine can draw the captions a moment before it, and what is measured is the page as it settles."""
    tab.wait_for_function(
        "() => [...document.styleSheets].some(sheet => [...sheet.cssRules]"
        ".some(rule => rule.selectorText === '[data-testid=\"stCaptionContainer\"]'))"
    )


def wait_for_charts(tab: Page) -> None:
    """Until every chart of the page is drawn, axis labels included."""
    expect(tab.locator(".js-plotly-plot").first).to_be_visible()
    tab.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(chart => chart.querySelector('.js-plotly-plot .main-svg .xtick text'))"
    )


def unreadable(charts: list[dict], page_background: str) -> list[str]:
    """Everything drawn on the page's charts that does not read on its chart's background."""
    problems = []
    for index, chart in enumerate(charts):
        background = chart["background"]
        if contrast(background, page_background) > 1.1:
            problems.append(f"chart {index} is drawn on {background}, the page on {page_background}")
        for item in chart["drawn"]:
            if item.get("opacity") == 0:  # an invisible bar, under a hidden bar's note (caregap/bar_text.py)
                continue
            under = item.get("band", background)  # a share written inside its bar or band is read on it
            if item["kind"] == "marker":
                colours = [c for c in (item["fill"], item["stroke"]) if opaque(c)]
                floor = READABLE if item["fill"] == REFERENCE_FILL else STANDS_OUT  # the published figure's ◆
            else:
                colours = [blended(item["colour"], item["opacity"], under)] if opaque(item["colour"]) else []
                floor = STANDS_OUT if item["kind"] in ("bar", "line error bar") else READABLE
                floor = TEXT if item["kind"] in ("tick label", "title", "legend", "bar mark", "share") else floor
            best = max((contrast(colour, under) for colour in colours), default=None)
            if best is not None and best < floor:
                problems.append(f"chart {index}: {item} is {best:.2f}:1 on {under} (at least {floor})")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_in_the_theme_the_browser_prefers(server_url, themed, scheme, path):
    themed.goto(f"{server_url}/{path}")
    wait_for_app(themed)
    wait_for_readable_css(themed)
    if PAGES[path]:
        wait_for_charts(themed)
    background = app_background(themed)
    on_white = contrast(background, "#FFFFFF")
    assert on_white > 10 if scheme == "dark" else on_white < 1.1, f"{scheme} preference, page on {background}"
    heading = themed.locator("h1").first
    expect(heading).to_be_visible()
    assert contrast(heading.evaluate("node => getComputedStyle(node).color"), background) >= 4.5
    charts = themed.evaluate(DRAWN)
    assert len(charts) > 0 or not PAGES[path]
    assert sum(len(chart["drawn"]) for chart in charts) >= 10 * len(charts), "the charts' text and marks were read"
    assert unreadable(charts, background) == []
    shares = [item for chart in charts for item in chart["drawn"] if item["kind"] == "share"]
    assert len(shares) >= 10 or path not in STACKED, "the stacked bars' bands say their shares"
    captions = themed.evaluate(CAPTIONS)
    assert len(captions) > 0 or path == "your_data", "the page's captions were read"
    faint = [c for c in captions if contrast(blended(c["colour"], c["opacity"], background), background) < TEXT]
    assert faint == []
    assert_no_exception(themed)


def test_the_menu_switches_the_theme(server_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="light")
    tab = context.new_page()
    try:
        tab.goto(f"{server_url}/resolution")
        wait_for_app(tab)
        wait_for_charts(tab)
        assert contrast(app_background(tab), "#FFFFFF") < 1.1
        tab.get_by_test_id("stMainMenu").click()
        tab.get_by_role("menuitemradio", name="Dark", exact=True).click()
        tab.keyboard.press("Escape")
        tab.wait_for_function(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
            " !== 'rgb(255, 255, 255)'"
        )
        background = app_background(tab)
        assert contrast(background, "#FFFFFF") > 10
        wait_for_charts(tab)
        redrawn = eventually(  # the charts redraw in the new theme a moment later
            tab, lambda: tab.evaluate(DRAWN), lambda charts: bool(charts) and not unreadable(charts, background)
        )
        assert len(redrawn) == 5 and unreadable(redrawn, background) == []
        assert_no_exception(tab)
    finally:
        context.close()
