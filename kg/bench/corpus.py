"""A seeded, deterministic synthetic corpus of news articles, for benchmarks.

A small world is drawn first, so that articles agree with one another the way real
coverage does: each sending state has one foreign-ministry spokesperson, one deputy
foreign minister and one migration agency; Russia has one foreign-ministry
spokesperson and one ambassador in each capital; each of Russia's legal measures has
one adoption date. Stories follow the course of the real ones: a raid (a date, a city
and district, a venue, the force that raided it, a count of detained nationals), then
maybe a protest note, Russia's reply and a meeting, each a few days after the last.
Several outlets report each story, at different stages, in their own words: each
article picks its sentences from varied templates (``kg/data/bench_corpus.yaml``),
in paragraphs, with background (a law in force) and context sentences that carry no
facts, and is published after every event it reports, so dates are resolved against
it as in a real article ("On June 8, ...").

The same seed and size always give the same bytes (tests/test_bench.py checks it).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from kg.sources import slugify

__all__ = ["generate", "World", "draw_world"]

FIRST_RAID = dt.date(2014, 1, 1)
LAST_RAID = dt.date(2025, 9, 30)
LAW_DATES = (dt.date(2013, 6, 1), dt.date(2025, 6, 30))


@dataclass(frozen=True)
class Nation:
    key: str
    name: str
    adj: str
    capital: str
    agency: str
    spokesperson: str
    deputy: str
    ru_ambassador: str


@dataclass(frozen=True)
class Story:
    """One raid and what followed it; ``None`` for steps that never happened."""

    nation: Nation
    city: str
    district: str | None
    venue: str
    raider: dict
    count: int
    raid: dt.date
    note: dt.date | None
    reply: dt.date | None
    meeting: dt.date | None


@dataclass(frozen=True)
class World:
    nations: tuple[Nation, ...]
    ru_spokesperson: str
    laws: tuple[tuple[dict, dt.date], ...]
    stories: tuple[Story, ...]


def _data() -> dict:
    return yaml.safe_load(resources.files("kg").joinpath("data/bench_corpus.yaml").read_text(encoding="utf-8"))


def _people(rng: random.Random, data: dict, n: int) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        female = rng.random() < 0.35
        first = rng.choice(data["first_names"]["female" if female else "male"])
        root = rng.choice(data["surname_roots"])
        names.add(f"{first} {root}{'ova' if female else 'ov'}")
    return sorted(names)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _later(rng: random.Random, day: dt.date | None, low: int, high: int, chance: float) -> dt.date | None:
    if day is None or rng.random() >= chance:
        return None
    return day + dt.timedelta(days=rng.randint(low, high))


def draw_world(data: dict, stories: int, rng: random.Random) -> World:
    """The states, officials, laws and stories every article of the corpus agrees with."""
    nations_data = data["nations"]
    people = iter(rng.sample(_people(rng, data, 4 * len(nations_data) + 1), 4 * len(nations_data) + 1))
    nations = tuple(Nation(n["key"], n["name"], n["adj"], n["capital"], n["agency"],
                           next(people), next(people), next(people)) for n in nations_data)
    ru_spokesperson = next(people)
    laws = tuple((m, _day(rng, *LAW_DATES)) for m in data["measures"])
    weights = [n["weight"] for n in nations_data]
    cities = list(data["cities"])
    drawn, taken = [], set()
    for _ in range(max(1, stories)):
        # The graph names a raid by its place and month, a note by its sender and month:
        # two stories never share those, or their reports would merge into one event.
        for _ in range(50):
            nation = rng.choices(nations, weights)[0]
            city = rng.choice(cities)
            district = rng.choice(data["cities"][city]) if data["cities"][city] else None
            raid = _day(rng, FIRST_RAID, LAST_RAID)
            if ("raid", city, district, raid.year, raid.month) not in taken:
                break
        else:
            continue
        note = _later(rng, raid, 1, 6, 0.75)
        reply = _later(rng, note, 1, 5, 0.6)
        meeting = _later(rng, note or raid, 3, 20, 0.4)
        slots = {"raid": (city, district, raid.year, raid.month)}
        for name, day in (("note", note), ("reply", reply), ("meeting", meeting)):
            if day is not None:
                slots[name] = (nation.key, day.year, day.month)
        if any((name, *slot) in taken for name, slot in slots.items() if name != "raid"):
            note = reply = meeting = None
            slots = {"raid": slots["raid"]}
        taken.update((name, *slot) for name, slot in slots.items())
        drawn.append(Story(nation, city, district, rng.choice(data["venues"]), rng.choice(data["raiders"]),
                           rng.randint(5, 300), raid, note, reply, meeting))
    return World(nations, ru_spokesperson, laws, tuple(drawn))


def _md(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}"


def _full(day: dt.date) -> str:
    return f"{_md(day)}, {day.year}"


class _Writer:
    """Writes one article about one story, as one outlet at one stage of the story."""

    def __init__(self, data: dict, world: World, story: Story, rng: random.Random):
        self.t, self.world, self.story, self.rng = data["templates"], world, story, rng

    def values(self, published: dt.date) -> dict:
        s, n = self.story, self.story.nation
        where = f"the {s.district} district of {s.city}" if s.district else s.city
        law, law_date = self.law(published) or ({"phrase": "", "what": ""}, published)
        return {
            "nation": n.name, "adj": n.adj, "capital": n.capital, "agency_name": n.agency,
            "spokesperson": n.spokesperson, "deputy": n.deputy, "ru_ambassador": n.ru_ambassador,
            "ru_spokesperson": self.world.ru_spokesperson,
            "city": s.city, "where": where, "where_short": s.district or s.city, "venue": s.venue,
            "raider": s.raider["phrase"], "raider_cap": s.raider["phrase"][0].upper() + s.raider["phrase"][1:],
            "count": s.count, "raid_md": _md(s.raid),
            "note_md": _md(s.note) if s.note else "", "reply_md": _md(s.reply) if s.reply else "",
            "meeting_md": _md(s.meeting) if s.meeting else "",
            "measure": law["phrase"], "measure_what": law["what"], "law_date": _full(law_date),
            "millions": self.rng.choice(["4", "4.5", "5", "6"]),
        }

    def law(self, published: dt.date):
        known = [(m, d) for m, d in self.world.laws if d < published - dt.timedelta(days=7)]
        return self.rng.choice(known) if known else None

    def pick(self, kind: str, values: dict) -> str:
        return self.rng.choice(self.t[kind]).format(**values)

    def article(self, included: set[str], published: dt.date) -> tuple[str, str]:
        rng = self.rng
        v = self.values(published)
        title = self.pick("headline", v)
        lead = [self.pick("incident", v)]
        if rng.random() < 0.5:
            lead.append(self.pick("incident_detail", v))
        paragraphs = [lead]
        if "note" in included:  # statements only beside the note: they take its date
            paragraphs.append([self.pick("note", v)] + ([self.pick("statement", v)] if rng.random() < 0.6 else []))
        elif rng.random() < 0.5:
            paragraphs.append([self.pick("reaction", v)])
        if "reply" in included:
            paragraphs.append([self.pick("reply", v)])
        if "meeting" in included:
            paragraphs.append([self.pick("meeting", v)] + ([self.pick("meeting_detail", v)] if rng.random() < 0.5
                                                           else []))
        if self.law(published) and rng.random() < 0.6:
            paragraphs.append([self.pick("law", v)])
        context = [c["text"] for c in self.t["context"] if published >= c.get("since", dt.date.min)]
        paragraphs.append([c.format(**v) for c in rng.sample(context, k=rng.randint(1, 3))])
        if len(paragraphs) > 2 and rng.random() < 0.3:  # some outlets open with the reaction
            paragraphs[0], paragraphs[1] = paragraphs[1], paragraphs[0]
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        return title, body


def generate(out_dir: Path, articles: int, seed: int = 42) -> list[Path]:
    """Write ``articles`` source folders into ``out_dir`` (created); return their paths.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in generate(Path(d), 2)][0][:6]
    '00000-'
    """
    data, rng = _data(), random.Random(seed)
    world = draw_world(data, max(1, articles // 4), rng)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outlets = data["outlets"]
    paths, texts = [], set()
    for i in range(articles):
        while True:  # two articles never share a text (kg build refuses that)
            story = world.stories[rng.randrange(len(world.stories))]
            events = {"raid": story.raid, "note": story.note, "reply": story.reply, "meeting": story.meeting}
            cutoff = rng.choice(sorted(d for d in events.values() if d))  # the stage the story has reached
            included = {name for name, day in events.items() if day and day <= cutoff}
            published = cutoff + dt.timedelta(days=rng.randint(0, 5))
            title, body = _Writer(data, world, story, rng).article(included, published)
            text_id = " ".join(f"{title} {body}".split()).casefold()
            if text_id not in texts:
                texts.add(text_id)
                break
        folder = out_dir / slugify(f"{i:05d} {title}", 80)
        folder.mkdir(exist_ok=True)
        (folder / "article.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        meta = {"title": title, "publisher": rng.choice(outlets), "published": published.isoformat()}
        (folder / "meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True),
                                          encoding="utf-8")
        paths.append(folder)
    return paths
