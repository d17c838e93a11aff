"""The general knowledge extraction may use, read from ``kg/data/gazetteer.yaml``.

Countries with their names, demonyms, capitals, cities and regions; kinds of agencies
and the names they go by; posts; roles of private persons; kinds of legal measures.
:func:`patterns` compiles them into the regular expressions the finders share.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def gazetteer() -> dict:
    # libyaml's parser when there is one: the same data in 3 ms instead of 30, which every build
    # that extracts anything (an incremental one too) pays once
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(resources.files("kg").joinpath("data/gazetteer.yaml").read_text(encoding="utf-8"), Loader=loader)
    states, adjectives, capitals, cities, regions, provinces = {}, {}, {}, {}, {}, {}
    for c in data["countries"]:
        states[c["name"]] = c["key"]
        for alias in c.get("aliases", []):
            states[alias] = c["key"]
        for adj in c.get("adjectives", []):
            adjectives[adj] = c["key"]
        capitals[c["capital"]] = c["key"]
        for metonym in c.get("capital_metonyms", []):
            capitals[metonym] = c["key"]
        for city in c.get("cities", []):
            cities[city] = c["key"]
        for region in c.get("regions", []):
            regions[region] = c["key"]
        for province in c.get("provinces", []):  # "the Khorezm region": Uzbekistan's
            provinces[province] = c["key"]
    data["state_names"] = states
    data["adjectives"] = adjectives
    data["capitals"] = capitals
    data["cities"] = cities
    data["regions"] = regions
    data["provinces"] = provinces
    data["state_label"] = {c["key"]: c["name"] for c in data["countries"]}
    # the state whose laws and bodies are "federal" (the one federation named "... Federation")
    data["federal_state"] = next((key for name, key in states.items() if name.endswith(" Federation")), None)
    data["agency_by_key"] = {a["key"]: a for a in data["agency_types"]}
    data["measure_states"] = {k["key"]: k["default_state"] for k in data["measure_kinds"] if k.get("default_state")}
    return data


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> dict:
    g = gazetteer()
    state_words = alternation(list(g["state_names"]) + list(g["adjectives"]) + list(g["capitals"]))
    agency_names = {name: a["key"] for a in g["agency_types"] for name in a["names"]}
    # Some style guides (the Guardian's) write ministries in lower case: "the Kazakh foreign ministry"
    agency_names |= {name.lower(): key for name, key in agency_names.items() if re.fullmatch(r"[A-Z][a-z]+ Ministry", name)}
    return {
        "state": re.compile(rf"\b(?:the\s+)?({alternation(g['state_names'])})(?:'s|')?(?![\w-])"),
        "adjective": re.compile(rf"(?<![\w-])({alternation(g['adjectives'])})(?![\w-])"),
        "demonym_plural": re.compile(rf"(?<![\w-])({alternation(g['adjectives'])})s(?![\w-])"),  # "Five Kyrgyzstanis"
        "capital": re.compile(rf"\b(?:the\s+)?({alternation(g['capitals'])})(?:'s)?\b"),
        "city": re.compile(rf"\b({alternation(g['cities'])})(?![\w-](?!based\b))"),  # (an "Almaty-based lawyer")
        "state_ref": re.compile(rf"(?:the\s+)?\b({state_words})(?:'s|')?\s+$"),
        "agency": re.compile(rf"\b({alternation(agency_names)})\b"),
        "agency_names": agency_names,
        "post": re.compile(rf"\b({alternation(v for p in g['posts'] for v in _either_case(p['post']))})\b"),
        "role": re.compile(rf"\b({alternation(v for r in g['person_roles'] for v in _either_case(r))})\s+"),
    }


def _either_case(post: str) -> tuple[str, str]:
    """A post as it starts a sentence and as it follows a name: "Spokeswoman", "spokeswoman"."""
    return post[0].upper() + post[1:], post[0].lower() + post[1:]


def post_definition(post: str) -> dict:
    """The gazetteer entry of a post as written, whatever the case of its first letter."""
    for p in gazetteer()["posts"]:
        if p["post"].lower() == post.lower():
            return p
    return {}


def country_word(word: str | None) -> str | None:
    """The state a country's name or adjective names ("Russia's", "Kyrgyz"); not a capital."""
    if not word:
        return None
    g, word = gazetteer(), word.removesuffix("'s").removesuffix("'")
    return g["state_names"].get(word) or g["adjectives"].get(word)


def state_key(name: str | None) -> str | None:
    if not name:
        return None
    g = gazetteer()
    return g["state_names"].get(name) or g["adjectives"].get(name) or g["capitals"].get(name)


def place_state(name: str | None) -> str | None:
    """The state of a country, capital, known city or region name ("Yekaterinburg" → russia)."""
    if not name:
        return None
    g = gazetteer()
    return state_key(name) or g["cities"].get(name) or g["regions"].get(name) or state_key(name.split()[0])
