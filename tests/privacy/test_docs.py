from __future__ import annotations

from pathlib import Path

from privacy import schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "export-format.md"


def test_the_documentation_describes_every_section_and_field_of_this_version() -> None:
    text = DOC.read_text()

    assert f"# Compersion export format, version {schema.SCHEMA_VERSION}" in text
    missing = [
        f"{section}.{field}"
        for section, spec in schema.SECTIONS.items()
        for field in spec.get("items", spec)["properties"]
        if f"### `{section}`" not in text or f"| `{field}` |" not in text
    ]
    assert missing == []


def test_the_documentation_lists_the_sections_in_the_documents_order() -> None:
    text = DOC.read_text()

    headings = [line.split("`")[1] for line in text.splitlines() if line.startswith("### `")]
    assert headings == list(schema.SECTIONS)
