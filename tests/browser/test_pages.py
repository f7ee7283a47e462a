"""Every page in real Chromium: charts, slicers changing them, the URL following, copied links reopening."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    another_tab,
    assert_no_exception,
    changed,
    chart_values,
    drawn_chart,
    make_run,
    new_values,
    pick,
    wait_for_app,
)
from tests.browser.test_theme import wait_for_charts
from tests.conftest import TINY_SURVEY

PAGES = {
    "preference": "Channel preference",
    "expectations": "Expected response time",
    "resolution": "Response and resolution",
    "social": "Social networks",
    "comparison": "Compare",
}


@pytest.mark.parametrize("path", PAGES)
def test_every_survey_page_draws_its_charts(server_url, page, path):
    page.goto(f"{server_url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=PAGES[path], exact=True)).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    if path == "comparison":  # its numbers are a table of their own, not under 'Show data'
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    else:
        expect(page.get_by_text("Show data").first).to_be_visible()
    assert_no_exception(page)


def test_brand_audit_page(server_url, page):
    page.goto(f"{server_url}/audit?dataset=auros_2011")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Brand audit", exact=True)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    assert_no_exception(page)


def test_slicers_change_the_chart_and_the_url(server_url, page):
    page.goto(f"{server_url}/preference")
    wait_for_app(page)
    everyone = chart_values(page)
    pick(page, "Gender", "Female")
    expect(page).to_have_url(re.compile(r"[?&]gender=female"))
    women = new_values(page, everyone)
    pick(page, "Split by", "Age group")
    expect(page).to_have_url(re.compile(r"[?&]split=age_group"))
    by_age = new_values(page, women)
    assert len(by_age) >= 4, "one bar trace per age group"
    copied = page.url
    assert_no_exception(page)

    other = another_tab(page, copied)
    assert chart_values(other) == by_age
    expect(other.get_by_test_id("stSidebar").get_by_text("Female")).to_be_visible()
    assert_no_exception(other)


def test_clear_filters_brings_back_everyone_and_the_link_follows(server_url, page):
    page.goto(f"{server_url}/resolution?split=gender")
    wait_for_app(page)
    everyone = chart_values(page)
    page.goto(f"{server_url}/resolution?split=gender&gender=female&age=18-29&age=60%2B&region=south")
    wait_for_app(page)
    filtered = new_values(page, everyone)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/resolution\?split=gender$"))
    assert new_values(page, filtered) == everyone
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Clear filters")).to_be_disabled()
    assert_no_exception(page)


def marks_drawn(tab) -> int:
    """How many bars of the page's first chart carry ▲ or ▼ (the texts Plotly drew above them)."""
    marks = "node => node._fullData.flatMap(trace => Array.from(trace.text || [])).filter(t => /[▲▼]/.test(t))"
    return len(drawn_chart(tab).evaluate(marks))


def test_correcting_for_many_comparisons_marks_fewer_bars_and_the_link_keeps_it(server_url, page):
    page.goto(f"{server_url}/preference?dataset=amex_2014&split=age_group")
    wait_for_app(page)
    each = marks_drawn(page)
    pick(page, "Significance tests", "Corrected for many tests")
    expect(page).to_have_url(re.compile(r"[?&]tests=fdr"))
    expect(page.get_by_text("false discovery rate over the chart's tests").first).to_be_visible()
    corrected = changed(page, lambda: marks_drawn(page), each)
    assert 0 < corrected < each
    assert_no_exception(page)

    other = another_tab(page, page.url)
    assert marks_drawn(other) == corrected
    chosen = other.get_by_test_id("stSidebar").get_by_role("combobox", name="Significance tests")
    expect(chosen).to_have_value("Corrected for many tests")
    assert_no_exception(other)


def test_compare_by_region(server_url, page):
    page.goto(f"{server_url}/comparison?dataset=accent_2014&measure=prefers_live_assistance")
    wait_for_app(page)
    by_gender = chart_values(page)
    pick(page, "Compare by", "Region", area="stMain")
    expect(page).to_have_url(re.compile(r"[?&]by=region"))
    chart = page.locator(".js-plotly-plot").first
    for region in ("Midwest", "Northeast", "South", "West"):
        expect(chart.get_by_text(region, exact=True)).to_be_visible()
    new_values(page, by_gender)
    assert_no_exception(page)


BOLD, LINK = "<b>North</b>", '<a href="https://example.com">South</a>'
# A chart's text as it reads: its lines (a long title or label wraps onto more) joined by spaces
AS_READ = "text => [...text.querySelectorAll('tspan.line')].map(line => line.textContent).join(' ') || text.textContent"


@pytest.fixture(scope="module")
def markup_server_url(tmp_path_factory) -> Iterator[str]:
    """A `make run` server with one more survey, whose regions an import took as typed: markup. The tiny survey
    ten times over, so each region's base reaches 10 and its bar is drawn."""
    folder = shutil.copytree(TINY_SURVEY, tmp_path_factory.mktemp("markup") / "tiny_survey")
    for name in ("respondents.csv", "contacts.csv"):
        rows = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        copies = [rows.assign(respondent_id=rows["respondent_id"] + f"-{k}") for k in range(10)]
        pd.concat(copies).to_csv(folder / name, index=False)
    people = pd.read_csv(folder / "respondents.csv", dtype=str, keep_default_na=False)
    people["region"] = people["region"].replace({"west": BOLD, "south": LINK})
    people.to_csv(folder / "respondents.csv", index=False)
    with make_run(tmp_path_factory, {"CAREGAP_EXTRA_DATASETS": str(folder)}) as url:
        yield url


def test_markup_in_a_region_shows_as_typed_in_the_chart(markup_server_url, page):
    query = urlencode({"dataset": "tiny_survey", "measure": "prefers_live_assistance", "by": "region"})
    page.goto(f"{markup_server_url}/comparison?{query}&{urlencode({'region': [BOLD, LINK]}, doseq=True)}")
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".xtick").first).to_be_visible()
    ticks = chart.locator(".xtick text").evaluate_all(f"texts => texts.map({AS_READ})")
    names = [re.sub(r" n=[\d,]+$", "", tick) for tick in ticks]  # each label's last line is its bar's base
    assert BOLD in names and LINK in names  # the ticks of their bars, as typed (a long one in lines)
    assert f"({BOLD}, {LINK})" in chart.locator(".gtitle").evaluate(AS_READ)  # the filters in the title
    drawn = [chart.get_by_text(word, exact=True).count() for word in ("North", "South")]  # a bold or linked word
    assert chart.locator("a").count() == 0 and drawn == [0, 0]
    assert_no_exception(page)


def test_page_choice_and_dataset_follow_the_url(server_url, page):
    page.goto(f"{server_url}/resolution?dataset=amex_2014")
    wait_for_app(page)
    before = chart_values(page)
    page.get_by_role("radio", name="Resolved", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"rate=resolved"))
    expect(page).to_have_url(re.compile(r"dataset=amex_2014"))
    new_values(page, before)
    assert_no_exception(page)


def test_a_bad_link_falls_back_with_a_notice(server_url, page):
    clean = another_tab(page, f"{server_url}/preference")
    expect(clean.locator(".js-plotly-plot")).to_have_count(2)  # both drawn: Plotly may finish the second first
    default_view = [chart_values(clean, index) for index in range(2)]
    page.goto(f"{server_url}/preference?age=teen&dataset=nope")
    wait_for_app(page)
    expect(page.get_by_text("“teen” is not a valid age group")).to_be_visible()
    expect(page.get_by_text("“nope” is not a valid dataset")).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    assert [chart_values(page, index) for index in range(2)] == default_view
    assert_no_exception(page)


def test_an_address_in_a_notice_is_text_not_a_link(server_url, page):
    page.goto(f"{server_url}/preference?{urlencode({'gender': 'see https://evil.example or me@evil.example'})}")
    wait_for_app(page)
    notice = page.get_by_text("is not a valid gender")
    expect(notice).to_be_visible()
    assert "https:\u2060//evil.example" in notice.inner_text()
    expect(page.locator("a[href*='evil']")).to_have_count(0)
    assert_no_exception(page)


# Where an element is drawn, as a box (left, top, right, bottom) in the window's pixels
BOX = "element => { const b = element.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }"


def drawn_on(browser: Browser, url: str, width: int, chart: int, script: str) -> Any:
    """What script, (plot, box) => ..., reads from the page's chart-th chart, in a window width px wide, once every
    chart is drawn; box gives where an element is drawn (BOX)."""
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(url)
    wait_for_app(tab)
    wait_for_charts(tab)
    drawn = drawn_chart(tab, chart).evaluate(f"plot => ({script})(plot, {BOX})")
    context.close()
    return drawn


# Each bar's written share on the first chart of a page, read from the page: its text, its bar's height, where the
# text, its bar and its bar's interval (the whisker over the bar's middle) are drawn. Notes of hidden bars are
# text outside (bartext-outside), not a share.
BAR_SHARES = """(plot, box) => [...plot.querySelectorAll('.barlayer .trace.bars')].flatMap(trace => {
  const whiskers = [...trace.querySelectorAll('.errorbar path')].map(box);
  return [...trace.querySelectorAll('.point')].flatMap(point => {
    const text = point.querySelector('text.bartext-inside');
    if (!text || !text.textContent || getComputedStyle(text).display === 'none') return [];
    const bar = box(point.querySelector('path'));
    const middle = (bar[0] + bar[2]) / 2;
    const whisker = whiskers.find(w => w[0] <= middle && middle <= w[2]);
    return [{text: text.textContent, height: point.__data__.s.toFixed(0) + '%', box: box(text), bar, whisker}];
  });
})"""


@pytest.mark.parametrize(
    ("path", "width"), [("resolution", 1400), ("resolution", 390), ("preference?split=gender", 1400)]
)
def test_each_bar_writes_its_share_inside_it_below_its_interval(server_url, browser, path, width):
    """A report's reader reads each share off its bar: written inside the bar, as its height rounds, and below the
    foot of the bar's interval, on a desktop's screen and a phone's."""
    shares = drawn_on(browser, f"{server_url}/{path}", width, 0, BAR_SHARES)
    assert len(shares) >= 6, shares  # every channel's bar (of the larger segments, when split)
    for share in shares:
        (left, top, right, bottom), bar = share["box"], share["bar"]
        assert share["text"] == share["height"], share
        assert bar[0] - 0.5 <= left and right <= bar[2] + 0.5 and bar[1] - 0.5 <= top and bottom <= bar[3] + 0.5, share
        assert share["whisker"] is not None and share["whisker"][3] <= top, f"the interval runs into the text: {share}"


# The mean times written on the Expected response time page's dumbbell chart (its third), and the dots, as drawn.
TIMES_DRAWN = """(plot, box) => {
  const texts = [...plot.querySelectorAll('.scatterlayer .textpoint text')].filter(t => t.textContent.trim());
  return {
    texts: texts.map(t => ({text: t.textContent, box: box(t)})),
    dots: [...plot.querySelectorAll('.scatterlayer .points path.point')].map(box),
    figure: box(plot.querySelector('.main-svg')),
  };
}"""


def _apart(one: list[float], other: list[float], touch: float = 0.5) -> bool:
    """Whether two boxes (left, top, right, bottom) do not overlap (by more than touch px: a time under its dot
    starts where the dot ends)."""
    return any(
        (one[2] <= other[0] + touch, other[2] <= one[0] + touch, one[3] <= other[1] + touch, other[3] <= one[1] + touch)
    )


@pytest.mark.parametrize("width", [1400, 390])
def test_mean_times_are_written_clear_of_each_other_and_of_every_dot(server_url, browser, width):
    drawn = drawn_on(browser, f"{server_url}/expectations", width, 2, TIMES_DRAWN)
    texts = drawn["texts"]
    assert len(texts) == 12 and all(re.fullmatch(r"[\d.]+ (min|hours?|days?)", t["text"]) for t in texts), texts
    for one, other in itertools.combinations(texts, 2):
        assert _apart(one["box"], other["box"]), (one, other)
    top_down = [texts[i] for row in range(6) for i in (row, row + 6)]  # drawn: the 6 expected times, the 6 actual
    for above, below in itertools.pairwise(top_down):  # each channel's row holds its times clear of the next's
        assert above["box"][3] <= below["box"][1] + 0.5, f"rows too close: {above} runs into {below}"
    for text in texts:
        assert all(_apart(text["box"], dot) for dot in drawn["dots"]), text
        left, top, right, bottom = drawn["figure"]
        assert left <= text["box"][0] and text["box"][2] <= right and top <= text["box"][1] <= bottom, text


# The boxes (left, top, right, bottom) of a chart's title, its legend (null when it has none) and its plot, as drawn
FRAME_DRAWN = """(plot, box) => {
  const legend = plot.querySelector('.legend');
  return {title: box(plot.querySelector('.gtitle')), legend: legend && box(legend),
          plot: box(plot.querySelector('.draglayer .nsewdrag'))};
}"""


@pytest.mark.parametrize(
    ("path", "width"), [("resolution", 1400), ("resolution?split=age_group", 390), ("preference", 1400)]
)
def test_the_plot_starts_just_under_the_title_and_the_legend(server_url, browser, path, width):
    """The title, then the legend (in rows on a phone), then the plot, none over the other, and no empty band
    between them whether or not there is a legend."""
    drawn = drawn_on(browser, f"{server_url}/{path}", width, 0, FRAME_DRAWN)
    above = drawn["title"][3]
    if drawn["legend"]:
        assert above <= drawn["legend"][1], drawn
        above = drawn["legend"][3]
    assert above <= drawn["plot"][1] <= above + 20, drawn


# Each category label of a chart's x axis as drawn: its text (lines joined) and how Plotly turned it, if it did
TICKS_DRAWN = """(plot, box) => [...plot.querySelectorAll('.xtick text')].map(t => ({
  text: [...t.querySelectorAll('tspan.line')].map(l => l.textContent).join(' ') || t.textContent,
  transform: t.getAttribute('transform') || '', box: box(t)}))"""


@pytest.mark.parametrize("path", ["preference", "resolution"])
def test_six_channels_labels_stand_level_on_a_phone(server_url, browser, path):
    """On a 360 px phone each channel's name (and its bar's base, where bases differ) reads level under its bar,
    not turned on its side, and no label runs into the next."""
    ticks = drawn_on(browser, f"{server_url}/{path}", 360, 0, TICKS_DRAWN)
    names = [re.sub(r" n=[\d,]+$", "", tick["text"]) for tick in ticks]
    assert names == ["Phone", "Email", "Chat", "Social media", "SMS", "In person"], ticks
    assert not [tick for tick in ticks if "rotate" in tick["transform"]], ticks
    for one, other in itertools.pairwise(ticks):
        assert one["box"][2] <= other["box"][0], (one, other)
    assert all(re.search(r" n=[\d,]+$", tick["text"]) for tick in ticks) == (path == "resolution")


def test_an_empty_slice_says_so(server_url, page):
    page.goto(f"{server_url}/comparison?gender=undisclosed&age=18-29&channel=sms&network=instagram")
    wait_for_app(page)
    expect(page.get_by_text("No respondents match these filters")).to_be_visible()
    assert_no_exception(page)


def test_a_link_to_a_page_works_on_a_fresh_server(fresh_server_url, page):
    page.goto(f"{fresh_server_url}/resolution?dataset=amex_2014&gender=male")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Response and resolution", exact=True)).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_text("Male")).to_be_visible()
    assert_no_exception(page)


def test_compare_by_dataset_adds_a_survey_and_the_link_follows(server_url, page):
    page.goto(f"{server_url}/comparison?measure=prefers_live_assistance&by=dataset&against=amex_2014")
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").first
    expect(chart.get_by_text("American Express", exact=False)).to_be_visible()
    two = chart_values(page)
    pick(
        page,
        "Compared with",
        "Accent Marketing Services social customer service survey 2014 (synthetic)",
        area="stMain",
    )
    expect(page).to_have_url(re.compile(r"against=amex_2014&against=accent_2014"))
    three = new_values(page, two)
    assert len(three[0]) == len(two[0]) + 1 == 3, "one bar per dataset"
    assert_no_exception(page)

    other = another_tab(page, page.url)
    assert chart_values(other) == three
    assert_no_exception(other)


@pytest.fixture(scope="module")
def waves_server_url(tmp_path_factory) -> Iterator[str]:
    """A `make run` server with two waves of one survey under the same title (the tiny survey, ten times over)."""
    folders = []
    for wave, factor in (("wave_1", 10), ("wave_2", 12)):
        folder = shutil.copytree(TINY_SURVEY, tmp_path_factory.mktemp(wave) / wave)
        for name in ("respondents.csv", "contacts.csv"):
            rows = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
            copies = [rows.assign(respondent_id=rows["respondent_id"] + f"-{k}") for k in range(factor)]
            pd.concat(copies).to_csv(folder / name, index=False)
        meta = json.loads((folder / "metadata.json").read_text())
        (folder / "metadata.json").write_text(json.dumps(meta | {"id": wave, "title": "Care tracker"}))
        folders.append(str(folder))
    with make_run(tmp_path_factory, {"CAREGAP_EXTRA_DATASETS": os.pathsep.join(folders)}) as url:
        yield url


def test_two_datasets_of_one_title_are_told_apart_and_each_can_be_chosen(waves_server_url, page):
    page.goto(f"{waves_server_url}/comparison?measure=resolved&by=dataset&against=none")
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").first
    for wave in ("wave_2", "wave_1", "wave_2"):
        pick(page, "Dataset", f"Care tracker ({wave})")
        chosen = rf"[?&]dataset={wave}(&|$)" if wave == "wave_2" else r"^(?!.*dataset=)"  # wave_1: the default
        expect(page).to_have_url(re.compile(chosen))
        expect(chart.get_by_text(f"({wave})", exact=True)).to_be_visible()  # the one bar, labelled in lines
    pick(page, "Compared with", "Care tracker (wave_1)", area="stMain")
    expect(page).to_have_url(re.compile(r"against=wave_1"))
    expect(chart.get_by_text("(baseline)", exact=True)).to_be_visible()
    assert len(chart_values(page)[0]) == 2, "one bar per wave"
    assert_no_exception(page)
