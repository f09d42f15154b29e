"""One HTML article page -> the same :class:`corpus.parse.Page` a text page gives. Pure: no disk.

trafilatura finds the main text and the metadata (title, author, site name, canonical
address, date); it works offline and is well kept. What it leaves out on purpose a
researcher must still be able to see: the standfirst, related-article lists, tag links and
rights lines. They are read from the markup by shape, as :mod:`corpus.parse` reads them
from text, and kept as blocks.

The page's text is what :func:`read_html` returns: the title, the standfirst, the body
paragraphs, then the furniture, one per line, separated by blank lines. Block offsets point
into it, so every non-whitespace character of it lies in exactly one block.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import lxml.html
import trafilatura

from corpus import parse

# Where pages put a publication (or update) time a machine can read, most explicit first.
_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate' or @name='publishdate' or @name='parsely-pub-date' or @name='DC.date.issued'"
    " or @name='dc.date' or @name='date']/@content",
    "//time[@itemprop='datePublished']/@datetime",
    "//time[contains(@class, 'published')]/@datetime",
    "//article//time/@datetime",
    "//time/@datetime",
)
_UPDATED_XPATHS = (
    "//meta[@property='article:modified_time' or @property='og:updated_time']/@content",
    "//meta[@itemprop='dateModified']/@content",
    "//time[@itemprop='dateModified' or contains(@class, 'updated')]/@datetime",
)
_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sommario|sottotitolo|subtitle|sub-title|standfirst|occhiello|summary|excerpt|lead|dek|strapline|abstract)(?:$|[\s_-])",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(r"author|byline|firma", re.IGNORECASE)
_AUTHOR_LEAD = re.compile(r"^(?:di|by|a\s+cura\s+di|autore:?)\s+", re.IGNORECASE)
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "p", "span", "strong", "div", "header")
_CONTAINER_TAGS = ("section", "aside", "div", "nav", "ul", "ol")
# Elements whose own text may be a rights line; their text must be short.
_RIGHTS_TAGS = ("p", "div", "span", "small", "li", "footer")
RIGHTS_MAX_CHARS = 200


def parse_html(markup: str, *, url: str | None = None) -> parse.Page:
    """The :class:`~corpus.parse.Page` of one HTML article (see :func:`read_html` for its text)."""
    return read_html(markup, url=url)[1]


def read_html(markup: str, *, url: str | None = None) -> tuple[str, parse.Page]:
    """One HTML article page -> (its text, its Page); the blocks' offsets point into the text.

    ``published_source`` is ``"metadata"`` when the date came from the markup (meta tags,
    JSON-LD, ``<time>``), ``"url"`` when only the address held a day.
    """
    page = parse.Page()
    tree = _tree(markup)
    extracted = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=True
    ) if tree is not None else None
    if extracted is None:
        # Nothing article-like: the visible text is kept as the body, so nothing is lost.
        lines = _visible_lines(tree) if tree is not None else []
        text = "\n\n".join(lines)
        page.blocks = [parse.Block("body", line, start, end) for line, start, end in parse.line_spans(text)]
        page.problems.append("html: no article found; the visible text is the body" if lines else "html: no text")
        return text, page

    page.title = _clean(extracted.title) or None
    page.url = extracted.url or url
    page.outlet = _site_name(tree, extracted.sitename, extracted.hostname)
    page.author = _author(extracted.author) or _author(_json_ld_name(tree, "author"))
    page.section = (
        _clean(tree.xpath("string(//meta[@property='article:section']/@content)"))
        or _clean(tree.xpath("string(//a[contains(@rel, 'category')][1])"))
        or (extracted.categories[0] if extracted.categories else None)
    )
    page.published = _first_date(tree, _PUBLISHED_XPATHS) or _json_ld_date(tree, "datePublished")
    page.updated = _first_date(tree, _UPDATED_XPATHS) or _json_ld_date(tree, "dateModified")
    url_day = parse.date_from_url(page.url) if page.url else None
    if page.published is not None:
        page.published_source = "metadata"
    elif extracted.date and (found := parse.find_date(extracted.date)) is not None:
        # trafilatura reads the address too: say so when that is where its day came from.
        page.published = found[1]
        page.published_source = "url" if found[1] == url_day else "metadata"
    elif url_day is not None:
        page.published, page.published_source = url_day, "url"

    body = [line for line in map(_clean, (extracted.text or "").split("\n")) if line]
    if body and page.title and body[0] == page.title:
        body = body[1:]
    page.subtitle = _standfirst(tree, page.title, body, extracted.description)
    if body and page.subtitle and body[0] == page.subtitle:
        body = body[1:]
    furniture = _furniture(tree, set(body))
    page.tags = _tag_links(tree) or list(extracted.tags or [])

    lines = [(page.title, "title"), (page.subtitle, "subtitle")]
    lines = [(text, kind) for text, kind in lines if text] + [(line, "body") for line in body] + furniture
    text = "\n\n".join(line for line, _ in lines)
    spans = parse.line_spans(text)
    kinds = [kind for _, kind in lines]
    body_start = kinds.index("body") if "body" in kinds else len(kinds)
    body_end = body_start + len(body)
    # Furniture trafilatura kept inside the text ("Leggi anche: …", a tag line, a rights line) is found by its shape.
    body_kinds = kinds[:body_end]
    furniture_start = parse.mark_furniture(spans[:body_end], body_kinds, body_start)
    kinds[:body_end] = body_kinds
    page.blocks = parse.make_blocks(spans, kinds, furniture_start)
    if not page.tags:
        page.tags = [tag for block in page.blocks if block.kind == "tags" for tag in parse.tags_of(block.text)]

    if page.title is None:
        page.problems.append("title: none in the markup")
    if page.published is None:
        page.problems.append("published: no date in the markup or the address")
    if not any(block.kind == "body" for block in page.blocks):
        page.problems.append("body: empty")
    parse.check_furniture_size(page)
    parse.add_teasers_and_outlet(page)
    if page.author is None:
        page.problems.append("author: not found")
    return text, page


def _tree(markup: str):
    try:
        # lxml refuses a str that declares its own encoding; the declaration says nothing once decoded.
        return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", markup))
    except (ValueError, lxml.etree.ParserError):
        return None


def _visible_lines(tree) -> list[str]:
    for element in tree.xpath("//script | //style | //noscript | //template"):
        element.drop_tree()
    return [line for line in map(_clean, tree.text_content().split("\n")) if line]


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _author(name: str | None) -> str | None:
    name = _AUTHOR_LEAD.sub("", _clean(name))
    return name or None


def _site_name(tree, sitename: str | None, hostname: str | None) -> str | None:
    """The outlet's name as the page gives it; trafilatura's fallback to the host name is not a name."""
    name = _clean(sitename)
    if not name or name == hostname or (" " not in name and "." in name):
        name = _clean(tree.xpath("string(//meta[@name='application-name']/@content)")) or _json_ld_name(tree, "publisher")
    return name or None


def _json_ld_name(tree, key: str) -> str | None:
    """The name of the first ``key`` (author, publisher) in the page's JSON-LD."""
    value = _json_ld(tree, key)
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return _clean(value) if isinstance(value, str) else None


def _json_ld(tree, key: str):
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            pending = [json.loads(script)]
        except ValueError:
            continue
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                if key in item:
                    return item[key]
                pending.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return None


def _date_of(value: str) -> datetime | None:
    found = parse.find_date(value.strip())
    return found[1] if found is not None and found[0].start() == 0 else None


def _first_date(tree, xpaths: tuple[str, ...]) -> datetime | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            found = _date_of(str(value))
            if found is not None:
                return found
    return None


def _json_ld_date(tree, key: str) -> datetime | None:
    value = _json_ld(tree, key)
    return _date_of(value) if isinstance(value, str) else None


def _standfirst(tree, title: str | None, body: list[str], description: str | None) -> str | None:
    """The standfirst: an element so classed, else an ``<h2>`` right after the ``<h1>``, else a description that is not the lead."""
    for element in tree.iter("p", "h2", "div", "span"):
        classes = element.get("class") or ""
        if _STANDFIRST_CLASS.search(classes):
            text = _clean(element.text_content())
            if text and text != title and len(text) <= parse.SUBTITLE_CHARS[1]:
                return text
    for heading in tree.iter("h1"):
        following = heading.getnext()
        if following is not None and following.tag == "h2":
            text = _clean(following.text_content())
            if text and len(text) <= parse.SUBTITLE_CHARS[1]:
                return text
        break
    description = _clean(description)
    if not description or description.endswith(("...", "…")) or description == title:
        return None
    lead = " ".join(body[:2])
    if lead.startswith(description[:60]):
        return None
    return description if len(description) <= parse.SUBTITLE_CHARS[1] else None


def _tag_links(tree) -> list[str]:
    tags = []
    for link in tree.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"):
        if "category" in (link.get("rel") or ""):
            continue
        tag = _clean(link.text_content())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _furniture(tree, body: set[str]) -> list[tuple[str, str]]:
    """Related lists, tag links and rights lines of the markup as (line, kind), in page order."""
    lines: list[tuple[str, str]] = []
    seen = set(body)

    def add(text: str, kind: str) -> None:
        text = _clean(text)
        if text and text not in seen:
            seen.add(text)
            lines.append((text, kind))

    for heading, container in _related_sections(tree, body):
        add(heading, "related_heading")
        for title, extra in _related_items(container, heading):
            add(title, "related")
            if extra:
                add(extra, "related")
    tags = _tag_links(tree)
    if tags:
        add("Tag: " + ", ".join(tags), "tags")
    for element in tree.iter(*_RIGHTS_TAGS):
        text = _clean(element.text_content())
        if len(text) <= RIGHTS_MAX_CHARS and parse.is_footer(text) and not any(
            _clean(child.text_content()) == text for child in element.iterchildren(*_RIGHTS_TAGS)
        ):
            add(text, "footer")
    return lines


def _related_sections(tree, body: set[str]):
    """(heading, container) for each related-article list: a short heading by shape, the block around it with links.

    A heading inside a line of the text ("<p><strong>LEGGI ANCHE:</strong> <a>…</a></p>") is that
    line's, read with the body; a block that holds the body is no list.
    """
    found = []
    for element in tree.iter(*_HEADING_TAGS):
        text = _clean(element.text_content())
        if not text or len(text) >= 80 or not parse.is_related_heading(text):
            continue
        parent = element.getparent()
        if element.tag in ("span", "strong") and parent is not None and _clean(parent.text_content()) != text:
            continue
        container = parent
        while container is not None and (container.tag not in _CONTAINER_TAGS or not container.xpath(".//a")):
            container = container.getparent()
        if (
            container is None
            or any(container is seen or _inside(container, seen) for _, seen in found)
            or any(_clean(p.text_content()) in body for p in container.iter("p"))
        ):
            continue
        found.append((text, container))
    return found


def _inside(element, ancestor) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _related_items(container, heading: str):
    """(title, excerpt or byline) for each teaser of a related list."""
    items = container.xpath(".//li | .//article") or container.xpath(".//a")
    for item in items:
        link = item if item.tag == "a" else (item.xpath(".//h2 | .//h3 | .//h4 | .//a") or [None])[0]
        if link is None:
            continue
        title = _clean(link.text_content())
        if not title or title == heading:
            continue
        extra = None
        if item.tag != "a":
            for part in item.xpath(".//p | .//*[@class]"):
                text = _clean(part.text_content())
                if text and text != title and (part.tag == "p" or _AUTHOR_CLASS.search(part.get("class") or "")):
                    extra = text if part.tag == "p" else "di " + _author(text) if _author(text) else None
                    break
        yield title, extra
