"""Growing the corpus with `kg add` (issue 3): one by one equals all at once; refusals; merges."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
import yaml

from kg.adding import add
from kg.build import build
from kg.errors import SourceError
from kg.project import Project

from conftest import REPO, copy_project

LISTING = [  # the six articles of the corpus's listing page (004)
    "uzbekistan-urges-diplomats-to-actively-defend",
    "russia-responds-to-uzbekistans-concerns-over",
    "uzbekistan-and-russia-hold-first-meeting-on-labor",
    "ultra-nationalist-russian-lawmaker-sets-sights-on",
    "tajik-authorities-urge-migrants-in-russia-to",
    "are-registry-errors-behind-migrants-bank-account",
]
PAIR = ("uzbekistan-urges-russia-to-respect-its-citizens", "russification-creates-migration")


def add_like(project: Project, source_id: str, tmp_path):
    """`kg add` the article of ``source_id`` from a loose file, with its metadata as options."""
    meta = yaml.safe_load((REPO / "sources" / source_id / "meta.yaml").read_text(encoding="utf-8"))
    loose = tmp_path / f"{source_id}.txt"
    shutil.copyfile(REPO / "sources" / source_id / "article.txt", loose)
    return add(project, loose, title=meta["title"], publisher=meta.get("publisher"), url=meta.get("url"),
               published=str(meta["published"]), published_inferred=meta.get("published_inferred"))


def test_adding_listing_articles_one_by_one_equals_building_all_at_once(tmp_path):
    full = copy_project(REPO / "sources", tmp_path / "full")
    build(full)
    grown = copy_project(REPO / "sources", tmp_path / "grown")
    for source_id in LISTING:
        shutil.rmtree(grown.sources_dir / source_id)
    build(grown)
    for source_id in LISTING:
        result = add_like(grown, source_id, tmp_path)
        assert result.source_id == source_id
        build(grown)
    for name in ("graph.nq", "graph.trig", "graph.ttl", "graph.jsonld"):
        assert (grown.out_dir / name).read_bytes() == (full.out_dir / name).read_bytes(), name


def test_the_same_text_twice_is_refused_naming_the_existing_source(tmp_path):
    project = copy_project(REPO / "tests" / "fixtures" / "tiny" / "sources", tmp_path / "p")
    existing = project.sources_dir / "police-raid-in-kazan" / "article.txt"
    copy = tmp_path / "again.txt"
    copy.write_text(existing.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SourceError, match="already source 'police-raid-in-kazan'"):
        add(project, copy, title="Another title", published="2025-03-05")
    assert sorted(p.name for p in project.sources_dir.iterdir()) == ["kyrgyz-note-on-kazan-raid", "police-raid-in-kazan"]


def test_two_outlets_on_the_same_story_merge_their_events(tmp_path):
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    shutil.copytree(REPO / "ontology", project.ontology_dir)
    first = add_like(project, PAIR[0], tmp_path)
    second = add_like(project, PAIR[1], tmp_path)
    assert first.same_events_as == []
    assert second.same_events_as == [PAIR[0]]
    build(project)
    store = ox.Store.read_only(str(project.out_dir / "store"))
    shared = list(store.query("""
        PREFIX kg: <https://example.org/kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?event (COUNT(DISTINCT ?article) AS ?n) WHERE {
          VALUES ?cls { kg:Note kg:CommunicativeAct kg:Incident kg:Meeting }
          ?event a ?cls . ?ev rdf:subject ?event ; prov:wasDerivedFrom ?article .
        } GROUP BY ?event HAVING (COUNT(DISTINCT ?article) > 1)""", use_default_graph_as_union=True))
    assert shared, "no event is supported by both articles"


def test_missing_metadata_is_asked_for(tmp_path):
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    loose = tmp_path / "undated.txt"
    loose.write_text("Raid in Kazan\n\nPolice raided a hostel in Kazan on Monday.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="--published"):
        add(project, loose)
    dated = tmp_path / "dated.txt"
    dated.write_text("Raid in Kazan\nMarch 5, 2025\n\nPolice raided a hostel in Kazan.\n", encoding="utf-8")
    result = add(project, dated)
    assert result.meta == {"title": "Raid in Kazan", "published": "2025-03-05"}


def test_metadata_a_build_would_refuse_leaves_sources_as_they_were(tmp_path):
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    article = tmp_path / "raid.txt"
    article.write_text("Raid in Kazan\n\nPolice raided a hostel in Kazan on Monday.\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"raid\.txt: published: 2999-01-05 is in the future"):
        add(project, article, published="2999-01-05")
    assert list(project.sources_dir.iterdir()) == []  # no folder, no temporary left behind
    assert add(project, article, published="2025-03-05").source_id == "raid-in-kazan"


def test_html_is_reduced_to_its_text_with_metadata(tmp_path):
    pytest.importorskip("trafilatura")
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    page = tmp_path / "page.html"
    body = " ".join(["Kyrgyzstan's Foreign Ministry urged Russia to investigate the raid in Kazan."] * 8)
    page.write_text(f"""<html><head><title>Bishkek urges Moscow to investigate raid</title>
        <meta property="og:site_name" content="Test Wire">
        <meta property="article:published_time" content="2025-03-07"></head>
        <body><nav>Home | News</nav><article><h1>Bishkek urges Moscow to investigate raid</h1>
        <p>{body}</p></article><footer>Copyright</footer></body></html>""", encoding="utf-8")
    result = add(project, page)
    assert result.meta["published"] == "2025-03-07"
    assert result.meta["title"] == "Bishkek urges Moscow to investigate raid"
    text = (result.folder / "article.txt").read_text(encoding="utf-8")
    assert "urged Russia" in text and "Copyright" not in text
    assert (result.folder / "original.html").is_file()


def _page(charset_tag: str, body: str) -> str:
    return f"""<html><head>{charset_tag}<title>Raid in Kazan</title>
        <meta property="article:published_time" content="2025-03-07"></head>
        <body><article><h1>Raid in Kazan</h1><p>{body}</p></article></body></html>"""


@pytest.mark.parametrize("charset_tag", ['<meta charset="windows-1251">',
                                         '<meta http-equiv="Content-Type" content="text/html; charset=cp1251">'])
def test_a_page_in_a_declared_legacy_charset_is_read_in_it(tmp_path, charset_tag):
    pytest.importorskip("trafilatura")
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    body = " ".join(["Police raided a hostel in Kazan, «Общежитие №5», and detained Uzbek citizens."] * 6)
    page = tmp_path / "page.html"
    page.write_bytes(_page(charset_tag, body).encode("cp1251"))
    result = add(project, page)
    assert "«Общежитие №5»" in (result.folder / "article.txt").read_text(encoding="utf-8")


def test_a_page_neither_utf8_nor_declared_is_refused_by_name(tmp_path):
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    page = tmp_path / "page.html"
    page.write_bytes(_page("", "Полиция провела рейд в общежитии. " * 10).encode("cp1251"))
    with pytest.raises(SourceError, match="not UTF-8 and declares no charset") as err:
        add(project, page)
    assert str(page) in str(err.value)
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(_page('<meta charset="utf-16">', "Полиция провела рейд. " * 10).encode("cp1251"))
    with pytest.raises(SourceError, match="utf-16"):
        add(project, wrong)
    assert not any(project.sources_dir.iterdir())  # nothing half-added


UNSEEN = REPO / "tests" / "fixtures" / "unseen"
PAGES = sorted((REPO / "tests" / "fixtures" / "unseen_html").glob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_full_web_page_keeps_its_body_and_drops_the_rest(tmp_path, page):
    """Pages as outlets serve them (menus, cookie banner, sidebar, footer) around the
    articles of ``tests/fixtures/unseen``: every body paragraph survives, the rest goes."""
    pytest.importorskip("trafilatura")
    project = Project.at(tmp_path / "p")
    project.sources_dir.mkdir(parents=True)
    result = add(project, page)
    text = " ".join((result.folder / "article.txt").read_text(encoding="utf-8").split())
    body = [p for p in (UNSEEN / f"{page.stem}.txt").read_text(encoding="utf-8").split("\n") if len(p.split()) >= 25]
    assert body and all(" ".join(p.split()) in text for p in body)
    for chrome in ("cookie", "Newsletter", "Most read", "All rights reserved"):
        assert chrome.lower() not in text.lower()
    assert result.meta["published"] == yaml.safe_load((UNSEEN / f"{page.stem}.yaml").read_text())["published"]
    assert result.meta["publisher"] and result.meta["url"].startswith("https://")
