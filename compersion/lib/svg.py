"""The one wrapper every server-rendered chart goes through.

A chart is an inline ``<svg role="img">`` whose ``<title>`` and ``<desc>`` say in words what
the picture shows, linked by ``aria-labelledby``; the same element is also a well-formed
standalone SVG document (it carries its namespace). No ``style`` attributes: the
Content-Security-Policy forbids inline styles, so looks come from classes in app.css.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def svg_chart(
    *,
    chart_id: str,
    css_class: str,
    width: int,
    height: int,
    title: str,
    desc: str,
    body: Iterable[str],
    role: str = "img",
) -> SafeString:
    """Wrap a chart's drawing in its ``<svg>``, ``<title>`` and ``<desc>``.

    ``role`` is "img" for a picture; a chart holding links is a "group" instead, because an
    image's children are hidden from assistive technology and its links could not be reached.

    ``title`` and ``desc`` are escaped here. ``body`` is markup the chart module built: every
    piece of text in it went through ``django.utils.html.escape`` or ``format_html``, and every
    attribute value is a number, a fixed class name or a slugged id.
    """
    # The body's pieces are the chart modules' own markup (see above), joined once.
    drawing = mark_safe("".join(body))  # noqa: S308
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" id="{chart_id}" '
        'viewBox="0 0 {width} {height}" role="{role}" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        '<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{desc}</desc>{drawing}</svg>',
        css_class=css_class,
        chart_id=chart_id,
        width=width,
        height=height,
        title=title,
        desc=desc,
        drawing=drawing,
        role=role,
    )
