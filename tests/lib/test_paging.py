"""The keyset paging helper on its own: keys, windows, pages and merging."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404, QueryDict

from compersion.lib.paging import Key, Window, key_parse, merge, page_from_rows, window_from_query

DAY = date(2026, 3, 14)


def _key(row: tuple[int, int]) -> Key:
    return Key(day=date(2026, 3, row[0]), tie=row[1])


@pytest.mark.parametrize("key", [Key(DAY, 42), Key(DAY, 7, rank=3), Key(date(1900, 1, 1), 1)])
def test_a_key_reads_back_as_it_was_written(key: Key) -> None:
    assert key_parse(str(key)) == key


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2026-03-14",
        "2026-02-30.1",  # no such day
        "2026-03-14.²",
        "٢٠٢٦-03-14.1",  # other digit scripts
        "2026-03-14.１",
        "2026-03-14.-1",
        "2026-03-14.1.100",  # a rank of three digits
        "2026-03-14." + "9" * 19,
        "2026-03-14.1\x00",
        "2026-03-14.1\n",
        " 2026-03-14.1",
        "x" * 20000,
    ],
)
def test_anything_but_a_key_reads_as_none(value: str) -> None:
    assert key_parse(value) is None


def test_the_query_string_chooses_the_window() -> None:
    assert window_from_query(QueryDict(""), size=5) == Window(size=5)
    assert window_from_query(QueryDict("before=2026-03-14.3"), size=5) == Window(size=5, cursor=Key(DAY, 3))
    assert window_from_query(QueryDict("after=2026-03-14.3"), size=5) == Window(
        size=5, cursor=Key(DAY, 3), newer=True
    )
    assert window_from_query(QueryDict("oldest=1"), size=5) == Window(size=5, newer=True)


def test_a_bad_cursor_gives_the_first_page() -> None:
    assert window_from_query(QueryDict("before=2026-02-30.1&oldest=yes"), size=5) == Window(size=5)


def test_the_newest_page_links_older_and_oldest_only() -> None:
    window = Window(size=2)
    page = page_from_rows([(9, 1), (8, 1), (7, 1)], window, key=_key)

    assert page.entries == [(9, 1), (8, 1)]
    assert (page.newer, page.older, page.at_newest, page.at_oldest) == (None, _key((8, 1)), True, False)


def test_a_page_walked_newer_reads_newest_first_and_knows_older_exists() -> None:
    window = Window(size=2, cursor=_key((5, 1)), newer=True)
    page = page_from_rows([(6, 1), (7, 1), (8, 1)], window, key=_key)

    assert page.entries == [(7, 1), (6, 1)]
    assert (page.newer, page.older) == (_key((7, 1)), _key((6, 1)))


def test_the_oldest_page_has_no_older_link() -> None:
    page = page_from_rows([(1, 1), (2, 1), (3, 1)], Window(size=2, newer=True), key=_key)

    assert page.entries == [(2, 1), (1, 1)]
    assert (page.older, page.at_oldest, page.newer) == (None, True, _key((2, 1)))


def test_a_short_list_is_one_page_without_links() -> None:
    page = page_from_rows([(1, 1)], Window(size=2), key=_key)

    assert not page.is_paged


def test_a_cursor_with_nothing_past_it_is_not_a_page() -> None:
    with pytest.raises(Http404):
        page_from_rows([], Window(size=2, cursor=_key((1, 1))), key=_key)
    assert page_from_rows([], Window(size=2), key=_key).entries == []


def test_a_source_sees_the_merged_cursor_as_a_whole_day_unless_it_is_the_cursors_own() -> None:
    window = Window(size=2, cursor=Key(DAY, 5, rank=1))

    assert window.source(1) == window
    assert window.source(0) == Window(size=2, cursor=Key(DAY, None), whole_day=False)
    assert window.source(2) == Window(size=2, cursor=Key(DAY, None), whole_day=True)
    newer = Window(size=2, cursor=Key(DAY, 5, rank=1), newer=True)
    assert newer.source(0).whole_day is True
    assert newer.source(2).whole_day is False


def test_merge_keeps_size_plus_one_in_walking_order() -> None:
    first = [Key(DAY, 2, rank=0), Key(date(2026, 3, 1), 1, rank=0)]
    second = [Key(DAY, 9, rank=1), Key(date(2026, 3, 10), 4, rank=1)]

    merged = merge([first, second], Window(size=2), key=lambda key: key)

    assert merged == [Key(DAY, 2, rank=0), Key(DAY, 9, rank=1), Key(date(2026, 3, 10), 4, rank=1)]
