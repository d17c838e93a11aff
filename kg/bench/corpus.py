"""A seeded, deterministic synthetic corpus for benchmarks.

A world of states, officials, incidents, notes, meetings and laws is drawn first, so
articles stay consistent with one another (the same raid reported by several outlets,
the same ambassador receiving several notes); each article then reports one story with
sentences filled from varied templates (``kg/data/bench_corpus.yaml``) and is dated
after its events. The same seed and size always give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from kg.sources import slugify

SENDERS = [("uzbekistan", "Uzbekistan", "Uzbek"), ("kyrgyzstan", "Kyrgyzstan", "Kyrgyz"),
           ("tajikistan", "Tajikistan", "Tajik"), ("kazakhstan", "Kazakhstan", "Kazakh")]
HOST = ("russia", "Russia", "Russian")
START = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class Story:
    nation: tuple[str, str, str]
    district: str
    city: str
    venue: str
    count: int
    raid: dt.date
    measure: dict
    law_date: dt.date


def _data() -> dict:
    return yaml.safe_load(resources.files("kg").joinpath("data/bench_corpus.yaml").read_text(encoding="utf-8"))


def _people(rng: random.Random, data: dict, n: int) -> list[str]:
    names = set()
    while len(names) < n:
        female = rng.random() < 0.35
        first = rng.choice(data["first_names"]["female" if female else "male"])
        root = rng.choice(data["surname_roots"])
        names.add(f"{first} {root}{'ova' if female else 'ov'}")
    return sorted(names)


def _md(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}"


def generate(out_dir: Path, articles: int, seed: int = 42) -> list[Path]:
    """Write ``articles`` source folders into ``out_dir``; return their paths."""
    data, rng = _data(), random.Random(seed)
    people = _people(rng, data, 40 + articles // 20)
    officials = {key: {"spokesperson": people[i * 4], "deputy": people[i * 4 + 1], "ambassador": people[i * 4 + 2]}
                 for i, (key, _, _) in enumerate(SENDERS)}
    host_spokesperson = people[-1]
    stories = []
    for _ in range(max(1, articles // 3)):  # about three reports per story
        stories.append(Story(
            nation=rng.choice(SENDERS), district=rng.choice(data["districts"]), city=rng.choice(data["cities"]),
            venue=rng.choice(data["venues"]), count=rng.randint(5, 300),
            raid=START + dt.timedelta(days=rng.randint(0, 700)), measure=rng.choice(data["measures"]),
            law_date=START + dt.timedelta(days=rng.randint(0, 700))))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    outlets = ["Steppe Wire", "Caravan Daily", "Asia Courier", "Migrant Monitor", "Silk Road Times"]
    for i in range(articles):
        story = stories[rng.randrange(len(stories))]
        key, state, adj = story.nation
        people_of = officials[key]
        note_day = story.raid + dt.timedelta(days=rng.randint(1, 5))
        values = {
            "date_md": _md(story.raid), "date2_md": _md(note_day),
            "date3_md": _md(note_day + dt.timedelta(days=rng.randint(1, 20))),
            "host_adj": HOST[2], "host_state": HOST[1], "nat_adj": adj, "nat_state": state,
            "district": story.district, "city": story.city, "venue": story.venue, "count": story.count,
            "ambassador": people_of["ambassador"], "spokesperson": people_of["spokesperson"],
            "deputy": people_of["deputy"], "host_spokesperson": host_spokesperson,
            "law_date": f"{_md(story.law_date)}, {story.law_date.year}", "measure": story.measure["phrase"],
            "measure_what": story.measure["what"],
        }
        kinds = ["incident"] + rng.sample(["note", "statement", "meeting", "law", "filler"], k=rng.randint(2, 4))
        sentences = [rng.choice(data["templates"][k]).format(**values) for k in kinds]
        published = note_day + dt.timedelta(days=30)
        title = f"{adj} workers detained in {story.district} raid ({i + 1})"
        folder = out_dir / slugify(f"{i:05d} {title}", 80)
        folder.mkdir(exist_ok=True)
        (folder / "article.txt").write_text(title + "\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
        (folder / "meta.yaml").write_text(yaml.safe_dump(
            {"title": title, "publisher": outlets[i % len(outlets)], "published": published.isoformat()},
            sort_keys=False), encoding="utf-8")
        paths.append(folder)
    return paths
