"""Reduce an HTML page to its readable text with the standard library's parser."""

import re
from html.parser import HTMLParser

# Elements whose content is never text a reader sees.
SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
# Elements that start a new paragraph.
BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "figure", "figcaption", "table", "tr", "hr", "address", "form",
}  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            # Source whitespace inside a paragraph is layout, not content.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML document, one paragraph per block."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    raw = "".join(collector.parts)
    lines = []
    for paragraph in re.split(r"\n{2,}", raw):
        # A <br> inside a paragraph survives as a line break.
        kept = "\n".join(" ".join(part.split()) for part in paragraph.split("\n") if part.strip())
        if kept:
            lines.append(kept)
    return "\n\n".join(lines) + ("\n" if lines else "")


def html_title(html: str) -> str:
    """Return the document's <title>, or ''."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.title).split())
