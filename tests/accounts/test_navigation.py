from __future__ import annotations

from accounts.templatetags.navigation import nav_current


def test_the_nav_marks_the_page_itself_and_pages_inside_its_section():
    assert nav_current("/people/", "/people/") == "page"
    assert nav_current("/people/12/", "/people/") == "true"
    assert nav_current("/journal/", "/people/") == ""


def test_today_is_not_the_section_of_every_page():
    assert nav_current("/people/", "/") == ""
    assert nav_current("/", "/") == "page"
