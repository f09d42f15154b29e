"""Place names the package knows without a model: Italian comuni, province and regioni, countries, cities.

Two sources, both shipped or installed, never downloaded at run time:

- ``resources/places_it.txt``: every Italian comune, provincia and regione as
  ISTAT lists them (its header names the source and licence);
- CLDR via Babel: the Italian names of countries and territories ("Kazakistan",
  "Stati Uniti") and of the cities CLDR names time zones after ("Parigi",
  "Mosca", "Il Cairo"), which include most capitals.

:mod:`corpus.ner` tags untagged countries with :func:`territories`;
:mod:`corpus.actors` types the mentions a model was not sure of with
:func:`place_kinds`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# CLDR entries that are not places, or that KIND tags as ORG ("Unione europea").
NOT_PLACES = {"001", "EU", "UN", "EZ", "ZZ", "QO"}


@cache
def territories() -> tuple[str, ...]:
    """Italian CLDR names of countries and territories, as written ("Stati Uniti", "Côte d’Ivoire")."""
    import babel

    names = set()
    for code, name in babel.Locale("it").territories.items():
        if code in NOT_PLACES:
            continue
        # "Myanmar (Birmania)", "Congo - Kinshasa", "RAS di Hong Kong": keep the plain name.
        names.add(re.sub(r"\s*\(.*\)", "", name).split(" - ")[0].removeprefix("RAS di "))
    return tuple(sorted(names))


@cache
def cities() -> tuple[str, ...]:
    """Italian CLDR names of the cities time zones are named after ("Parigi", "Città del Messico").

    CLDR gives an Italian name only where it differs from the zone's own
    ("Europe/Moscow" -> "Mosca"); elsewhere the zone's name is the city's.
    Zones named "City, State" are left out: they are small towns.
    """
    import babel
    from babel.core import get_global

    italian = babel.Locale("it").time_zones
    names = set()
    for zone in get_global("zone_territories"):
        if zone.startswith("Etc/"):
            continue
        name = (italian.get(zone) or {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        if "," not in name:
            names.add(name)
    return tuple(sorted(names))


@cache
def italian_places() -> dict[str, str]:
    """Every Italian comune, provincia and regione of ``resources/places_it.txt``: name -> kind."""
    text = resources.files("corpus.resources").joinpath("places_it.txt").read_text("utf-8")
    places = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, kind = line.split("\t")
            places[name] = kind
    return places


@cache
def place_kinds() -> dict[str, str]:
    """Every known place name -> its kind: ``comune``, ``provincia``, ``regione``, ``paese`` or ``città``.

    A name of several kinds keeps the largest ("Roma" is a provincia, "Georgia" a paese).
    """
    kinds = dict.fromkeys(cities(), "città")
    kinds.update(italian_places())
    kinds.update(dict.fromkeys(territories(), "paese"))
    return kinds
