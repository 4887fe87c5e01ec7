"""An XSS corpus and a checker for what a page does with it."""

from __future__ import annotations

from html.parser import HTMLParser

# Each payload tries a different context: element, attribute, URL, closing tags, templates.
CORPUS = (
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "'><svg onload=alert('xss-3')>",
    "javascript:alert('xss-4')",
    '</textarea></title><script>alert("xss-5")</script>',
    '<a href="javascript:alert(6)">xss-6</a>',
    "{{ config }}{% print 7 %}<iframe srcdoc='<script>alert(7)</script>'>",
)


def payload(n: int) -> str:
    return CORPUS[n % len(CORPUS)]


class _Injected(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # the page's own, CSP-allowed (browsers blank the nonce value once parsed)
        own_script = tag == "script" and "nonce" in dict(attrs)
        if (
            tag in {"script", "iframe", "object", "embed"}
            and not dict(attrs).get("src")
            and not own_script
        ):
            self.found.append(f"<{tag}> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")
            if name == "srcdoc":
                self.found.append(f"<{tag} srcdoc>")


def injected(html: str) -> list[str]:
    """Active content in a page that the corpus could have put there (empty: none)."""
    parser = _Injected()
    parser.feed(html)
    raw = [p for p in CORPUS if any(ch in p for ch in "<>\"'") and p in html]
    return parser.found + [f"raw payload: {p}" for p in raw]
