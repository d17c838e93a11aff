"""HTTP content negotiation on the Accept header (RFC 9110, section 12.5.1).

>>> negotiate("text/turtle;q=0.9, application/ld+json", ["text/html", "text/turtle", "application/ld+json"])
'application/ld+json'
>>> negotiate("text/*;q=0.5, */*;q=0.1", ["application/ld+json", "text/turtle"])
'text/turtle'
>>> negotiate("image/png", ["text/html"]) is None
True
"""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """The media ranges of an Accept header as (type, subtype, q); no header means ``*/*``."""
    if not header or not header.strip():
        return [("*", "*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        kind, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind.strip(), sub.strip(), q))
    return ranges


def quality(ranges: list[tuple[str, str, float]], offer: str) -> float:
    """The q-value the most specific matching range gives ``offer`` (0 if none matches)."""
    kind, _, sub = offer.lower().partition("/")
    best, specificity = 0.0, -1
    for r_kind, r_sub, q in ranges:
        if r_kind == kind and r_sub == sub:
            level = 2
        elif r_kind == kind and r_sub == "*":
            level = 1
        elif r_kind == "*" and r_sub == "*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer), or None if it accepts none."""
    ranges = parse_accept(header)
    scored = [(quality(ranges, offer), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored, default=(0.0, 0, None))
    return offer if q > 0 else None
