"""Rendering an agency's copy of the minutes as PDF with WeasyPrint.

WeasyPrint needs Pango (`make pdf` installs it on Debian); it is imported only when a PDF is
made, so the rest of the app runs without it. The document fetches nothing: the stylesheet is
inlined and every URL is refused, so user text can never make the server request anything.
"""

from __future__ import annotations

from typing import Any


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetchingError

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise URLFetchingError(f"the minutes fetch nothing ({url[:40]})")

    pdf = HTML(string=html, url_fetcher=NoFetching(), base_url=None).write_pdf()
    assert pdf is not None
    return bytes(pdf)
