from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def nav_current(path: str, href: str) -> str:
    """``aria-current`` for a nav link: "page" on the page itself, "true" anywhere inside its section."""
    if path == href:
        return "page"
    if href != "/" and path.startswith(href):
        return "true"
    return ""
