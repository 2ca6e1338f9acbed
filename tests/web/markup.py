"""Reading parts of a rendered page in tests."""

from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area", "base"}


class _Finder(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0  # open elements inside the one found (0 before and after it)
        self.inside = False
        self.done = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.inside:
            if tag not in VOID:
                self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.inside, self.depth = True, 1

    def handle_endtag(self, tag):
        if self.inside and not self.done and tag not in VOID:
            self.depth -= 1
            if self.depth == 0:
                self.done = True

    def handle_data(self, data):
        if self.inside and not self.done:
            self.text.append(data)


def text_of(html: str, element_id: str) -> str:
    """The text inside the element with this id, whitespace collapsed; fails if absent."""
    finder = _Finder(element_id)
    finder.feed(html)
    assert finder.inside, f"no element with id {element_id!r}"
    return " ".join(" ".join(finder.text).split())
