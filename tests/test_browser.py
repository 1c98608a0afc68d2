"""End to end in a real browser: ``streamlit run app.py`` on a loopback port, Debian's chromium driven by playwright;
load the page, move a slider, see the metric change, save screenshots under ``test-artifacts/`` (git-ignored)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from models.declaration import declaration
from ui import local_server
from ui.i18n import t
from ui.tables import variable_info

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")


@pytest.fixture(scope="module")
def server():
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "streamlit-server.log"
    try:
        with local_server.running(log) as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text()


def _wait_for(page, predicate, timeout: float = 45.0) -> bool:
    """Poll ``predicate`` while letting playwright process the page's events (``time.sleep`` would block them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(250)
    return False


def test_slider_moves_the_metric(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    label = variable_info("cae")["resource_share_members"].label("en")
    page.goto(f"{server}/?lang=en&model=cae&watch=resource_share_members&year=2035")
    page.locator("[data-testid='stMetric']").filter(has_text=label).first.wait_for(timeout=60_000)
    before = _metric_value(page, label)
    group = next(g for g in declaration("cae").lever_groups if "contribution_rate" in g.levers)
    page.get_by_text(group.title("en"), exact=True).first.click()  # open the lever's group
    slider = (
        page.locator("[data-testid='stSlider']")
        .filter(has_text=variable_info("cae")["contribution_rate"].label("en"))
        .first
    )
    thumb = slider.get_by_role("slider")
    thumb.focus()
    for _ in range(10):  # ten steps of 0.005: 10% -> 15%
        page.keyboard.press("ArrowRight")
    assert _wait_for(page, lambda: _metric_value(page, label) != before), f"metric stayed at {before}"
    after = _metric_value(page, label)
    assert float(after.rstrip("%")) > float(before.rstrip("%"))  # members pay a larger share
    assert _wait_for(page, lambda: "p.contribution_rate=" in page.url), page.url  # the link carries the lever
    page.wait_for_timeout(1500)  # let the charts redraw before the picture
    page.screenshot(path=str(ARTIFACTS / "explore-en-contribution-15pct.png"))
    page.close()


def test_french_default_and_model_page(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{server}/")
    page.get_by_text(t("explore_title", "fr")).first.wait_for(timeout=60_000)
    assert _wait_for(page, lambda: "lang=fr" in page.url), page.url  # the state is written into the link
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=60_000)
    value = _metric_value(page, variable_info("cae")["employment_fte"].label("fr"))
    assert "ETP" in value and "." not in value  # French: a decimal comma, never a point
    page.screenshot(path=str(ARTIFACTS / "explore-fr-baseline.png"))
    page.close()


@pytest.mark.parametrize(("model", "lang", "view"), [
    ("cae", "fr", "Chaîne des personnes"),
    ("cae", "en", "People chain"),
    ("sap", "fr", "Demande par public et statut fiscal"),
    ("sap", "en", "Demand by public and tax status"),
])  # fmt: skip
def test_model_page_draws_the_views(server, browser, model, lang, view):
    """The Model page draws the .mdl's first view (an image titled with the view's name in the page's language;
    the names inside are checked in AppTest), at a laptop's size."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/model?lang={lang}&page=model&model={model}")
    drawing = page.locator(f"[data-testid='stHtml'] img[alt='{view}']").first
    drawing.wait_for(timeout=60_000)
    assert _wait_for(page, lambda: drawing.evaluate("img => img.complete && img.naturalWidth > 500"))
    drawing.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"model-{model}-{lang}-diagram.png"))
    page.close()


def test_user_text_from_a_link_is_shown_as_plain_text(server, browser):
    """A scenario carried in a link cannot make the page show a remote image or a link (tracking pixel, phishing)."""
    from urllib.parse import urlencode

    from ui.state import pack_toml

    text = (
        'title = "Plan [B](http://evil.example/t)"\n'
        'description = "Read [the note](http://evil.example/phish) ![px](http://evil.example/pixel.png) '
        '<img src=http://evil.example/raw.png> www.evil.example http://evil.example/bare :red[alarm]"\n'
    )
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/?" + urlencode({"lang": "en", "model": "cae", "scenario": "upload", "upl": pack_toml(text)}))
    page.get_by_text("Read [the note]").first.wait_for(timeout=60_000)  # the text is shown, as typed
    evil = "els => els.filter(e => (e.src || e.href || '').includes('evil')).length"
    assert page.eval_on_selector_all("img", evil) == 0
    assert page.eval_on_selector_all("a", evil) == 0
    page.close()


TRUNCATED_JS = """() => {
  const bad = [];
  const texts = "[data-testid='stMetric'] p, [data-testid='stMetric'] .stMarkdownEllipsis, "
    + "[data-testid='stButtonGroup'] button p, [data-testid='stTab'] p";
  for (const el of document.querySelectorAll(texts)) {
    if (el.scrollWidth > el.clientWidth + 1) bad.push(el.innerText);
  }
  for (const b of document.querySelectorAll("[data-testid='stButtonGroup'] button")) {
    const r = b.getBoundingClientRect(), c = b.closest("[data-testid='stButtonGroup']").getBoundingClientRect();
    if (r.right > c.right + 1) bad.push("clipped: " + b.innerText);
  }
  return bad;
}"""


@pytest.mark.parametrize("width", [1366, 1024])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_number_or_tab_is_truncated_on_a_laptop_or_a_projector(server, browser, width, lang):
    """Cards (answer and headline numbers, their labels and changes) and the Explore tabs show in full: no "…", no
    tab running off the side, at 1366×768 and 1024×768."""
    page = browser.new_page(viewport={"width": width, "height": 768})
    page.goto(f"{server}/?lang={lang}&model=sap&scenario=credit-40pct-2027")
    page.locator("[data-testid='stMetric']").filter(has_text=t("answer_jobs", lang)).first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)
    bad = page.evaluate(TRUNCATED_JS)
    page.screenshot(path=str(ARTIFACTS / f"explore-sap-{lang}-{width}.png"))
    page.get_by_text(t("tab_finance", lang), exact=True).first.click()  # a rerun that moves no lever
    page.wait_for_timeout(3000)
    moved = [p for p in page.url.split("&") if p.startswith("p.")]
    page.close()
    assert bad == [], bad
    assert moved == [], moved  # no slider reported a move nobody made


def test_credit_at_40_percent_answered_from_the_landing_page(server, browser):
    """The policymaker's question, as a new user in French at 1366×768: sector, the tax credit (first lever of the
    first group, open), 40% -> jobs, cost and the cost or saving per job on screen, from next year."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/")
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=90_000)
    clicks = keys = 0
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    clicks += 1
    page.get_by_role("option", name="SAP").first.click()
    clicks += 1
    label = variable_info("sap")["tax_aid_rate"].label("fr")
    slider = page.locator("[data-testid='stSlider']").filter(has_text=label).first
    slider.wait_for(timeout=90_000)
    slider.get_by_role("slider").focus()  # a click on the thumb (which does not move it)
    clicks += 1
    thumb = slider.get_by_role("slider")
    for step in range(1, 11):  # 50% -> 40%, steps of 1 point; each press is a run: wait for it (a loaded machine)
        page.keyboard.press("ArrowLeft")
        keys += 1
        value = f"p.tax_aid_rate={(50 - step) / 100:g}%40"
        assert _wait_for(page, lambda value=value: value in page.url, 60), page.url
        thumb.focus()  # a rerun may take the focus away
    card = page.locator("[data-testid='stMetric']").filter(has_text=t("answer_jobs", "fr")).first
    assert _wait_for(page, lambda: card.count() > 0 and "p.tax_aid_rate=0.4" in page.url, 90), page.url
    assert "0.4%402" in page.url or "0.4@2" in page.url  # from a year, not the whole history
    assert page.url.count("p.") == 1, page.url  # no other lever moved
    page.wait_for_timeout(1500)
    values = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(t("answer_cost", "fr") in v and "€/an" in v for v in values)
    assert any(t("answer_saving_per_job_lost", "fr") in v and "€/ETP" in v for v in values), values
    page.screenshot(path=str(ARTIFACTS / "explore-sap-fr-credit-40.png"))
    page.close()
    assert clicks == 3 and keys == 10


WORKSHOP_JS = """() => {
  const px = el => parseFloat(getComputedStyle(el).fontSize);
  const metric = document.querySelector("[data-testid='stMetric']");
  const value = metric.querySelector("[data-testid='stMetricValue'] p");
  const texts = [...document.querySelectorAll("[data-testid='stVegaLiteChart'] svg text")].map(px);
  return {value: px(value), label: px(metric.querySelector("[data-testid='stMetricLabel'] p")),
          overflow: value.getBoundingClientRect().right > metric.getBoundingClientRect().right + 1,
          chart: texts.length ? Math.min(...texts) : 0};
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_workshop_reads_on_a_projector(server, browser, lang):
    """At 1024×768 the revealed result is at least 48 px and larger than its label, inside its card; chart text is at
    least 16 px."""
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(f"{server}/workshop?lang={lang}&model=sap&page=workshop")
    page.get_by_text(t("ws_reveal", lang)).first.wait_for(timeout=90_000)
    page.get_by_text(t("ws_reveal", lang)).first.click()
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=90_000)
    assert _wait_for(page, lambda: page.locator("[data-testid='stVegaLiteChart'] svg text").count() > 3)
    page.wait_for_timeout(1000)
    sizes = page.evaluate(WORKSHOP_JS)
    page.locator("[data-testid='stMetric']").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"workshop-sap-{lang}-1024.png"))
    page.close()
    assert sizes["value"] >= 48 and sizes["value"] > sizes["label"] and not sizes["overflow"], sizes
    assert sizes["chart"] >= 16, sizes


# ---------------------------------------------------------------- sharing a view


def test_copy_link_puts_the_address_in_the_clipboard(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(f"{server}/?lang=fr&model=cae&page=model&tab=loops")
    frame = page.frame_locator("[data-testid='stSidebar'] iframe").first
    frame.locator("button").wait_for(timeout=60_000)
    assert t("copy_link_button", "fr") in frame.locator("button").inner_text()
    assert _wait_for(page, lambda: "tab=loops" in page.url)
    frame.locator("button").click()
    assert _wait_for(page, lambda: t("copy_link_done", "fr") in frame.locator("#said").inner_text(), 10)
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    context.close()


def test_the_open_tab_is_in_the_link_and_a_link_reopens_it(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/?lang=en&model=cae&page=model&tab=loops")
    chosen = page.locator("[role='tab'][aria-selected='true']")
    chosen.first.wait_for(timeout=60_000)
    assert chosen.first.inner_text() == t("dominance", "en")
    page.get_by_role("tab", name=t("documentation", "en")).click()
    assert _wait_for(page, lambda: "tab=doc" in page.url)
    page.goto(page.url)  # the link, opened again
    chosen.first.wait_for(timeout=60_000)
    assert _wait_for(page, lambda: chosen.first.inner_text() == t("documentation", "en"))
    page.close()


def test_the_french_uploader_has_no_english(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/?lang=fr&model=cae")
    uploader = page.locator("[data-testid='stSidebar'] [data-testid='stFileUploader']").first
    uploader.wait_for(timeout=60_000)
    button = uploader.locator("button p").first
    french = f'"{t("upload_browse", "fr")}"'
    assert _wait_for(page, lambda: button.evaluate("p => getComputedStyle(p, '::after').content") == french, 20)
    page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']").first.wait_for(timeout=20_000)
    text = page.locator("[data-testid='stSidebar']").inner_text()
    for english in ("Drag and drop", "Upload", "Browse files", "per file", "Limit", "MB"):
        assert english not in text, (english, text)
    assert "64\u00a0ko au plus" in text
    page.close()


# ---------------------------------------------------------------- a researcher's calibration


ENGLISH_WORDS = ("Upload", "Browse", "targets", "Flagged", "Estimates", "estimate", "lower bound", "upper bound",
                 "Calibration finished", "view more", "KB", "None", "nan")  # fmt: skip


def test_a_calibration_on_uploaded_targets_ends_with_an_honest_result(server, browser, tmp_path):
    """The researcher's path in French at 1366×768: the Calibration page's run tab, a specification (the Oxalis case),
    a targets CSV uploaded, Run; the page ends on the result tab with that session's result chosen, a toast saying it
    finished, a flagged result in a warning box (never a green success), and no English in the page."""
    lines = (REPO / "calibration" / "targets" / "cae.csv").read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("variable,"))
    rows = [line for line in lines if ",case-oxalis," in line]
    assert len(rows) == 4
    upload = tmp_path / "oxalis-targets.csv"
    upload.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/?lang=fr&model=cae&page=calibration&tab=run")
    spec = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(has_text=t("cal_spec", "fr"))
    spec.first.wait_for(timeout=90_000)
    spec.first.click()
    page.get_by_role("option", name="cae-oxalis", exact=True).click()
    page.locator("[data-testid='stMain'] [data-testid='stFileUploader'] input[type='file']").set_input_files(upload)
    page.get_by_text(t("cal_targets_ok", "fr", n=4)).wait_for(timeout=60_000)
    page.get_by_role("button", name=t("cal_run", "fr")).click()
    toast = page.locator("[data-testid='stToast']").filter(has_text=t("cal_done", "fr", message="")[:20])
    toast.first.wait_for(timeout=240_000)
    toast_text = toast.first.inner_text()
    chosen = page.locator("[role='tab'][aria-selected='true']").first.inner_text()
    estimates = page.locator("[data-testid='stMain'] h3").filter(has_text=t("cal_estimates", "fr"))
    estimates.first.wait_for(state="attached", timeout=30_000)
    flags = page.get_by_text(t("cal_flags", "fr", names="")[:15])
    flagged = _wait_for(page, lambda: flags.count() > 0, 30)  # the page may still be drawing below the estimates
    warning = page.locator("[data-testid='stAlertContentWarning']:visible").count()
    success = page.locator("[data-testid='stAlertContentSuccess']:visible").count()
    text = page.locator("[data-testid='stMain']").inner_text() + toast_text
    page.screenshot(path=str(ARTIFACTS / "calibration-upload-fr-1366.png"), full_page=True)
    page.close()
    assert chosen == t("cal_result", "fr"), chosen
    assert t("cal_title_fr", "fr", name="cae-oxalis-upload-seed0") in text, text[:500]  # the new result is shown
    assert flagged and warning > 0 and success == 0, (flagged, warning, success)  # Oxalis flags its class share
    assert toast_text
    for english in ENGLISH_WORDS:
        assert english not in text, (english, text[:2000])


EFFECTS_JS = r"""() => {
  const chart = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].find(c => c.offsetParent !== null);
  const labels = [...chart.querySelectorAll("svg text")].filter(t => /\d{4},5–\d{4},5/.test(t.textContent))
    .filter(t => getComputedStyle(t).opacity !== "0" && t.getAttribute("opacity") !== "0")
    .map(t => t.getBoundingClientRect().top);
  const table = [...document.querySelectorAll("[data-testid='stTable']")].find(c => c.offsetParent !== null);
  const main = document.querySelector("[data-testid='stMainBlockContainer']").getBoundingClientRect();
  const cells = table ? [...table.querySelectorAll("td")] : [];
  const cut = cells.filter(c => c.getBoundingClientRect().right > main.right + 1 || c.scrollWidth > c.clientWidth + 1)
    .map(c => c.innerText);
  return {labels: labels.length, spread: labels.length ? Math.max(...labels) - Math.min(...labels) : 0,
          cells: cells.length, cut: cut};
}"""


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_validity_effects_chart_reads_in_its_tab(server, browser, width):
    """The effect targets' chart on the Validity page (French, reached by its tab): one row per effect target, each
    labelled, at a readable height (a layered chart in a tab was once laid out in ~60 px, one label dropped); their
    table whole on the page at 1024 px (it once scrolled sideways, the model's interval cut at the edge)."""
    page = browser.new_page(viewport={"width": width, "height": 768})
    page.goto(f"{server}/?lang=fr&model=sap&page=validity")
    tab = page.get_by_role("tab", name=t("val_section_effects", "fr"))
    tab.wait_for(timeout=90_000)
    tab.click()
    chart = page.locator("[data-testid='stVegaLiteChart']:visible svg text")
    assert _wait_for(page, lambda: chart.count() > 5, 60)
    page.wait_for_timeout(1500)
    sizes = page.evaluate(EFFECTS_JS)
    page.close()
    assert sizes["labels"] == 3 and sizes["spread"] >= 80, sizes  # three rows, about 50 px apart
    assert sizes["cells"] == 3 * 6 and sizes["cut"] == [], sizes  # three effects, six columns, none cut
