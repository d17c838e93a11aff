"""The published site in headless Chromium (Debian's chromium + chromedriver, driven by selenium).

Opens the home page, an official's page, the network view and the query form on a
`kg serve` of the corpus, checks what a reader sees (facts, quotes, links, highlighting,
results) and that nothing is loaded from another host, and saves screenshots under the
test's tmp dir, with copies in /tmp/kg-screens/ for people to look at.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from kg.publishing.server import serve
from kg.publishing.site import publish
from kg.stats import open_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENS = Path("/tmp/kg-screens")
MOST_QUOTED_OFFICIAL = """
PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?official ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?official a kg:Official ; rdfs:label ?label .
  ?e rdf:subject ?official ; rdf:predicate ?p .
  FILTER(?p != rdf:type)
} GROUP BY ?official ?label ORDER BY DESC(?n) ?official LIMIT 1
"""

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
    pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def site_server(built_corpus):
    site = built_corpus.root / "site"
    publish(built_corpus.out_dir, site, queries_dir=built_corpus.queries_dir)
    with serve(site, port=0, timeout=10.0, quiet=True, workers=1) as server:
        yield server


@pytest.fixture(scope="module")
def official(built_corpus) -> tuple[str, str]:
    """(page path, label) of the official with the most quoted facts in the corpus."""
    row = next(iter(open_store(built_corpus.out_dir).query(MOST_QUOTED_OFFICIAL, use_default_graph_as_union=True)))
    return row["official"].value.removeprefix("https://example.org/kg/") + ".html", row["label"].value


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, tmp_path: Path, name: str, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page height) in tmp_path and copy it to /tmp/kg-screens/."""
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(max(height, 800), 6000))
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / path.name)
    return path


def assert_loaded_only_from(driver, server):
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [u for u in urls if not u.startswith(server.url)]
    assert outside == [] and urls


def test_home_page_and_search(browser, site_server, official, tmp_path):
    browser.get(site_server.url)
    assert "Browse by kind" in browser.page_source
    assert browser.find_element(By.CSS_SELECTOR, "h1").text.startswith("kg:")
    assert len(browser.find_elements(By.CSS_SELECTOR, "ul.classes li")) >= 8
    assert_loaded_only_from(browser, site_server)
    screenshot(browser, tmp_path, "home")
    box = browser.find_element(By.ID, "search-box")
    path, label = official
    box.send_keys(label.split()[-1][:6].lower())
    first = WebDriverWait(browser, 5).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "#search-results li a")))
    hits = [a for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li a") if a.text.startswith(label)]
    assert hits and first.text.startswith(label), first.text
    screenshot(browser, tmp_path, "search", full_page=False)
    hits[0].click()
    WebDriverWait(browser, 5).until(EC.url_contains(path))


def test_official_page_shows_facts_and_quotes(browser, site_server, official, tmp_path):
    path, label = official
    browser.get(site_server.url + path)
    assert browser.find_element(By.TAG_NAME, "h1").text == label
    facts = browser.find_element(By.CSS_SELECTOR, "section.facts")
    phrases = [dt.text for dt in facts.find_elements(By.TAG_NAME, "dt")]
    assert {"works in", "post", "of the state"} & set(phrases)
    quotes = [q.text for q in facts.find_elements(By.TAG_NAME, "blockquote")]
    assert quotes and all(q for q in quotes) and any(label.split()[-1] in q for q in quotes)
    sources = facts.find_elements(By.CSS_SELECTOR, "figcaption a.source")
    assert sources and all(a.get_attribute("href").startswith(site_server.url + "id/source/") for a in sources)
    links = facts.find_elements(By.CSS_SELECTOR, "dd p.value a")
    assert links and all(a.get_attribute("href").startswith(site_server.url) for a in links)
    turtle = browser.find_element(By.CSS_SELECTOR, "aside.data details[open] pre")
    assert path.removesuffix(".html").rsplit("/", 1)[1] in turtle.text
    assert_loaded_only_from(browser, site_server)
    screenshot(browser, tmp_path, "official")
    sources[0].click()
    WebDriverWait(browser, 5).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.article-facts")))
    screenshot(browser, tmp_path, "article")


def test_network_view_pans_zooms_and_highlights(browser, site_server, tmp_path):
    browser.get(site_server.url + "network.html")
    svg = browser.find_element(By.ID, "network")
    nodes = browser.find_elements(By.CSS_SELECTOR, "#network .node")
    assert len(nodes) > 20 and len(browser.find_elements(By.CSS_SELECTOR, "#network .edge.act")) > 0
    screenshot(browser, tmp_path, "network", full_page=False)
    def view_box():
        return browser.execute_script("return arguments[0].getAttribute('viewBox')", svg)

    before = view_box()
    browser.find_element(By.ID, "zoom-in").click()
    assert view_box() != before
    browser.find_element(By.ID, "zoom-reset").click()
    assert view_box() == before
    hub = browser.execute_script(  # the actor with the most links: the largest circle
        "return [...document.querySelectorAll('#network .node')].sort((a, b) => "
        "b.querySelector('circle').r.baseVal.value - a.querySelector('circle').r.baseVal.value)[0]")
    hub_label = hub.get_attribute("data-label")
    hub_href = browser.execute_script("return arguments[0].getAttribute('href')", hub)
    hub.find_element(By.TAG_NAME, "circle").click()
    assert "has-focus" in svg.get_attribute("class")
    panel = browser.find_element(By.ID, "selection")
    assert hub_label in panel.text and "links" in panel.text
    lit = browser.find_elements(By.CSS_SELECTOR, "#network .node.lit")
    assert 1 < len(lit) < len(nodes)
    assert browser.current_url.endswith("network.html")  # a click selects, the panel links to the page
    assert_loaded_only_from(browser, site_server)
    screenshot(browser, tmp_path, "network-highlight", full_page=False)
    panel.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 5).until(EC.url_to_be(site_server.url + hub_href))


def test_query_form_runs_against_the_endpoint(browser, site_server, official, tmp_path):
    browser.get(site_server.url + "sparql.html")
    browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.results")))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert len(rows) > 5 and official[1] in browser.find_element(By.CSS_SELECTOR, "table.results").text
    screenshot(browser, tmp_path, "sparql-results")


def test_timeline(browser, site_server, tmp_path):
    browser.get(site_server.url + "timeline.html")
    years = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.year h2")]
    assert "2025" in years and len(browser.find_elements(By.CSS_SELECTOR, ".timeline li")) > 10
    screenshot(browser, tmp_path, "timeline")
