"""Rewrite the settings tables in docs/deployment.md from `frontdoor.settings.Settings`.

Run after adding or changing a setting: `.venv/bin/python scripts/settings-docs.py`.
tests/foundation/test_settings.py fails while the two differ.
"""

from __future__ import annotations

from pathlib import Path

from frontdoor.settings import DOCS_BEGIN, DOCS_END, settings_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"


def main() -> None:
    text = DOC.read_text()
    head, rest = text.split(DOCS_BEGIN, 1)
    _, tail = rest.split(DOCS_END, 1)
    DOC.write_text(f"{head}{DOCS_BEGIN}\n{settings_markdown()}{DOCS_END}{tail}")


if __name__ == "__main__":
    main()
