"""Read a page back as its tags and their attributes, for tests of the markup."""

from html.parser import HTMLParser


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def start_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    """Return the page's start tags as (name, attributes), entities decoded, in order."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.found
