from __future__ import annotations

import hashlib
from datetime import date, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import AuthenticatedHttpRequest, User
from accounts.selectors import user_local_now, user_local_today
from compersion.lib import clock, removal
from compersion.lib.paging import window_from_query
from compersion.lib.query import query_id
from feelings import selectors as feelings_selectors
from journal import charts, selectors, services, streaks
from journal.forms import DayJumpForm, ItemForm, slot_from
from journal.models import DAILY_ITEMS, GratitudeItem
from journal.prompts import prompt_for
from kindness import selectors as kindness_selectors
from people.models import Person
from people.selectors import person_for_user


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    return today(request)  # type: ignore[arg-type]


# The streak, the path, the timing chart and the heatmap depend only on the user's summary
# rows, the local day, the reminder time and day-start hour and the user's first day, so they
# are cached under a key made of exactly those (the rows as a digest). A write changes the rows
# and therefore the key: there is nothing to invalidate and no way to show a stale chart; each
# page still pays the one query for the rows.
PRACTICE_CACHE_SECONDS = 2 * 24 * 60 * 60
# Bump this whenever what is cached changes shape or look (the charts' drawing, the streak's
# fields, the context's keys), so a deploy never serves a drawing made by the old code.
# 3: the heatmap starts at the user's first day and can hold links; timing counts the day start.
CHART_CACHE_VERSION = 3


def _practice_context(
    *,
    user: User,
    today: date,
    rows: list[selectors.PracticeRow] | None = None,
    item_counts: dict[date, int] | None = None,
) -> dict[str, Any]:
    """Streak, path, timing and heatmap: one query whatever the length of the history.

    ``item_counts`` (``selectors.practice_rows_counted``): the heatmap's days become links to
    their pages, named with the started days' counts; the journal's own page does this. Today
    and the day pages keep the compact drawing: the year's links weigh some 45 KB."""
    rows = selectors.practice_rows(user=user) if rows is None else rows
    start = selectors.first_day(user=user, rows=rows)
    linked = item_counts is not None
    counts = item_counts or {}
    digest = hashlib.blake2b(repr((rows, sorted(counts.items()))).encode(), digest_size=16).hexdigest()
    key = (
        f"journal:practice:v{CHART_CACHE_VERSION}:{user.pk}:{today}:{user.reminder_time}:"
        f"{user.day_start_hour}:{start}:{int(linked)}:{digest}"
    )
    context: dict[str, Any] | None = cache.get(key)
    if context is None:
        context = _practice_compute(
            rows,
            today=today,
            start=start,
            reminder=user.reminder_time,
            day_start_hour=user.day_start_hour,
            day_href=reverse("journal:index") if linked else None,
            item_counts=counts,
        )
        cache.set(key, context, PRACTICE_CACHE_SECONDS)
    return context


def _practice_compute(
    rows: list[selectors.PracticeRow],
    *,
    today: date,
    start: date,
    reminder: time,
    day_start_hour: int,
    day_href: str | None,
    item_counts: dict[date, int],
) -> dict[str, Any]:
    days, completions = selectors.practice_history_from(rows, since=selectors.timing_since(today))
    runs = streaks.perfect_runs(days)
    summary = streaks.streak_summary(days, today=today)
    median = streaks.timing_median(completions, reminder=reminder, day_start_hour=day_start_hour, today=today)
    yesterday = today - timedelta(days=1)
    return {
        "today": today,
        "first_day": start,
        "yesterday": yesterday,
        "yesterday_status": streaks.status_of(days.get(yesterday)),
        "streak": summary,
        "path_length": streaks.PATH_LENGTH,
        "path_svg": charts.path_svg(days, today=today),
        "heatmap_svg": charts.heatmap_svg(
            days, end=today, start=start, day_href=day_href, item_counts=item_counts, per_day=DAILY_ITEMS
        ),
        "heatmap_linked": day_href is not None,
        "heatmap_counts": _heatmap_counts(charts.heatmap_summary(days, end=today, start=start)),
        "runs_in_words": [_run_in_words(run) for run in reversed(runs[-20:])],
        "runs_svg": charts.runs_svg(runs),
        "timing_median": median,
        "timing_label": minutes_label(median),
        "timing_ready": len(streaks.timing_window(completions, today=today)) >= charts.TIMING_FEW,
        "timing_few": charts.TIMING_FEW,
        "timing_svg": charts.timing_svg(
            completions, reminder=reminder, day_start_hour=day_start_hour, today=today
        ),
    }


def _run_in_words(run: streaks.Run) -> str:
    """What the runs list says of one run, e.g. "3 May 2026 to 9 May 2026: 7 days", written
    here once per history rather than by the template on every page."""
    days = f"{run.length} day{'' if run.length == 1 else 's'}"
    return f"{dateformat.format(run.start, 'j M Y')} to {dateformat.format(run.end, 'j M Y')}: {days}"


STATUS_WORDS = {
    streaks.DayStatus.ON_TIME: "Complete on the day",
    streaks.DayStatus.LATE: "Complete, added afterwards",
    streaks.DayStatus.PARTIAL: "Partly written",
    streaks.DayStatus.NONE: "Nothing written",
}


def _heatmap_counts(counts: dict[streaks.DayStatus, int]) -> list[tuple[str, int]]:
    return [(words, counts.get(status, 0)) for status, words in STATUS_WORDS.items()]


def minutes_label(minutes: int | None) -> str:
    """``95`` → "1 hour 35 minutes"; the median distance from the reminder, in words."""
    if minutes is None:
        return ""
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins or not hours:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def _day_context(
    *,
    user: User,
    local_date: date,
    people: list[Person],
    edit: int | None = None,
    form: ItemForm | None = None,
) -> dict[str, Any]:
    """The day's saved items, shown as text, and one form: for the next free slot, or for the
    item being edited (``edit``, an item id). ``form``: a submitted form to show again, with
    the user's words and what was wrong, in place of the one it was sent from."""
    items = selectors.items_for_day(user=user, local_date=local_date)
    editing = form.slot if form is not None and form.item_id is not None else None
    slots: list[dict[str, Any]] = []
    next_free = True
    for slot in selectors.slots_for_day(items=items):
        if slot.item is not None:
            shown: ItemForm | None = None
            if editing == slot.position:
                shown = form
            elif editing is None and slot.item.pk == edit:
                shown = ItemForm.for_item(slot.item, people=people)
            slots.append({"position": slot.position, "item": slot.item, "form": shown})
        elif next_free:
            # Only the first free slot gets a form: the next item to write.
            next_free = False
            adding = form if form is not None and form.item_id is None else None
            shown = adding or ItemForm(people=people, slot=slot.position)
            slots.append({"position": slot.position, "item": None, "form": shown})
    relational = sum(1 for item in items if item.relational or item.people.all())
    return {
        "local_date": local_date,
        "slots": slots,
        "item_count": len(items),
        "relational_count": relational,
        "people": people,
    }


def _edit_param(request: HttpRequest) -> int | None:
    """``?edit=<item id>``: which item's form to open (the Edit link without JavaScript)."""
    return query_id(request.GET.get("edit", ""))


def _today_context(
    *, user: User, people: list[Person], edit: int | None = None, form: ItemForm | None = None
) -> dict[str, Any]:
    """Today: the journal's five, the feelings card and the kindness card, each practice's data
    from its own selector, rendered as partials of journal/today.html."""
    now_local = user_local_now(user=user)
    local_today = clock.local_day(now_local, tz=user.tz, day_start_hour=user.day_start_hour)
    return {
        "local_today": local_today,
        # Whole seconds: <time datetime> takes at most three digits of a fraction.
        "local_now": now_local.replace(microsecond=0),
        "offset_label": clock.utc_offset_label(now_local, tz=user.tz),
        "prompt": prompt_for(user_id=user.pk, local_date=local_today),
        "not_appreciated": selectors.people_not_appreciated(today=local_today, people=people)[:3],
        "is_today": True,
        **_day_context(user=user, local_date=local_today, people=people, edit=edit, form=form),
        **_practice_context(user=user, today=local_today),
        "feelings_card": feelings_selectors.today_card(user=user, local_date=local_today),
        "kindness_card": kindness_selectors.today_card(user=user, local_date=local_today),
    }


@login_required
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    edit = _edit_param(request)
    if request.htmx:
        # Edit and Cancel with htmx: the list of items, with the chosen item's form open.
        local_today = user_local_today(user=user)
        people = selectors.active_people(user=user)
        context = _day_context(user=user, local_date=local_today, people=people, edit=edit)
        return render(request, "journal/today.html#items", {**context, "is_today": True})
    people = selectors.active_people_last_appreciated(user=user)
    return render(request, "journal/today.html", _today_context(user=user, people=people, edit=edit))


def _after_write(
    request: AuthenticatedHttpRequest,
    *,
    local_date: date,
    people: list[Person] | None = None,
    appreciated: list[int] | None = None,
    messages_shown: list[Message] | None = None,
) -> HttpResponse:
    """htmx: the day's items with a fresh form for the next one, plus the progress, the
    charts and (on Today) who hasn't been appreciated in a while out of band, and
    ``messages_shown`` (such as an Undo) in the page's messages; otherwise back to the page.
    ``people``: the user's active people when the view has already read them;
    ``appreciated``: when they were read with their last appreciated day before a write that
    only linked these people, so Today's hint needs no second look."""
    user = request.user
    local_today = user_local_today(user=user)
    if not request.htmx:
        if local_date == local_today:
            return redirect("home")
        return redirect("journal:day", local_date=local_date)
    if people is None:
        people = selectors.active_people(user=user)
    context = {
        "is_today": local_date == local_today,
        **_day_context(user=user, local_date=local_date, people=people),
        **_practice_context(user=user, today=local_today),
    }
    # The form the user wrote in is gone; the next one takes the focus.
    html = render_to_string("journal/today.html#items", {**context, "focus_form": True}, request=request)
    html += render_to_string("journal/today.html#progress", {**context, "oob": True}, request=request)
    html += render_to_string("journal/today.html#charts", {**context, "oob": True}, request=request)
    if context["is_today"]:
        # Who has waited longest changes with what was just saved. After an edit or a removal
        # that may have unlinked someone, only the database knows their last day (one query).
        if appreciated is not None and people is not None:
            waiting = selectors.people_appreciated_on(people, person_ids=appreciated, local_date=local_date)
        else:
            waiting = selectors.active_people_last_appreciated(user=user)
        not_appreciated = selectors.people_not_appreciated(today=local_today, people=waiting)[:3]
        html += render_to_string(
            "journal/today.html#hint", {"not_appreciated": not_appreciated, "oob": True}, request=request
        )
    if messages_shown is not None:
        html += render_to_string(
            "includes/messages.html", {"messages": messages_shown, "oob": True}, request=request
        )
    return HttpResponse(html)


def _invalid(
    request: AuthenticatedHttpRequest, *, local_date: date, form: ItemForm, people: list[Person]
) -> HttpResponse:
    """Re-show the form with the user's own words and the reason; nothing typed is lost."""
    user = request.user
    local_today = user_local_today(user=user)
    if request.htmx:
        # htmx swaps only 2xx answers by default; the items are re-shown, the form with its errors.
        context = _day_context(user=user, local_date=local_date, people=people, form=form)
        context["is_today"] = local_date == local_today
        return render(request, "journal/today.html#items", {**context, "focus_form": True})
    if local_date == local_today:
        today_people = selectors.active_people_last_appreciated(user=user)
        return render(
            request,
            "journal/today.html",
            _today_context(user=user, people=today_people, form=form),
            status=400,
        )
    context = {
        "is_today": False,
        **_day_context(user=user, local_date=local_date, people=people, form=form),
        **_practice_context(user=user, today=local_today),
    }
    return render(request, "journal/day.html", context, status=400)


@login_required
@require_POST
def item_add(request: AuthenticatedHttpRequest, local_date: date) -> HttpResponse:
    user = request.user
    selectors.require_day_in_range(user=user, local_date=local_date)
    slot = slot_from(request.POST) or 1
    # The same one query as active_people, with each one's last appreciated day for Today's hint.
    people = selectors.active_people_last_appreciated(user=user)
    form = ItemForm(request.POST, people=people, slot=slot)
    if not form.is_valid():
        return _invalid(request, local_date=local_date, form=form, people=people)
    try:
        services.gratitude_item_add(
            user=user,
            local_date=local_date,
            text=form.cleaned_data["text"],
            relational=form.cleaned_data["relational"],
            people=form.chosen_people(),
            position=slot,
            submission_token=form.cleaned_data["submission_token"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _invalid(request, local_date=local_date, form=form, people=people)
    appreciated = [person.pk for person in form.chosen_people()]
    return _after_write(request, local_date=local_date, people=people, appreciated=appreciated)


def _item_people(*, people: list[Person], item: GratitudeItem) -> tuple[list[Person], set[int]]:
    """The active people, plus any archived person still linked to ``item``; and who is linked."""
    known = {person.pk for person in people}
    # Only what journal pages show of a person, so no notes or labels are decrypted here.
    linked = list(item.people.only(*selectors.PERSON_FIELDS))
    return people + [person for person in linked if person.pk not in known], {person.pk for person in linked}


def _page_of(item: GratitudeItem, *, user: User, edit: bool = False) -> HttpResponse:
    if item.local_date == user_local_today(user=user):
        url = reverse("home")
    else:
        url = reverse("journal:day", kwargs={"local_date": item.local_date})
    if edit:
        url += f"?edit={item.pk}#slot-{item.position}"
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    user = request.user
    item = selectors.item_for_user(user=user, item_id=item_id)
    if request.method != "POST":
        # The edit form opens on the item's page; a bare GET (an old link) goes there.
        return _page_of(item, user=user, edit=True)
    # The same one query as active_people, with each one's last appreciated day for Today's hint.
    active = selectors.active_people_last_appreciated(user=user)
    people, linked = _item_people(people=active, item=item)
    form = ItemForm(request.POST, people=people, slot=item.position, item_id=item.pk)
    if not form.is_valid():
        return _invalid(request, local_date=item.local_date, form=form, people=people)
    services.gratitude_item_update(
        user=user,
        item=item,
        text=form.cleaned_data["text"],
        relational=form.cleaned_data["relational"],
        people=form.chosen_people(),
    )
    chosen = [person.pk for person in form.chosen_people()]
    # Someone taken off the item may have had it as their latest day: then the hint asks again.
    appreciated = None if linked - set(chosen) else chosen
    return _after_write(request, local_date=item.local_date, people=active, appreciated=appreciated)


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    user = request.user
    # Even removed: a second click on Remove is answered like the first, with its Undo.
    item = selectors.item_for_user_even_removed(user=user, item_id=item_id)
    if request.method != "POST":
        if item.is_removed:
            raise Http404("That item was removed.")
        return _page_of(item, user=user)
    item = services.gratitude_item_remove(user=user, item=item)
    return _after_removal(request, local_date=item.local_date)


def _removal_offers(*, user: User, local_date: date) -> list[Message]:
    """An Undo for each of the day's items removed within the window, newest first: after a
    refused Undo (the day had five again), removing one brings the earlier one's Undo back."""
    removed = selectors.items_removed_restorable(user=user, local_date=local_date, now=timezone.now())
    offers: list[Message] = []
    day = _day_words(local_date, user=user)
    for item in removed:
        if item.removed_at is None:  # for the type checker: removed() has a moment
            continue
        what = f"a good thing from {day}" if not offers else f"another good thing from {day} earlier"
        text = removal.removed_words(what=what, removed_at=item.removed_at, tz=user.tz)
        url = reverse("journal:item_restore", args=[item.pk])
        offers.append(removal.undo_message(text=text, url=url, in_place=True))
    return offers


def _day_words(local_date: date, *, user: User) -> str:
    if local_date == user_local_today(user=user):
        return "today"
    return dateformat.format(local_date, "j F Y")


def _after_removal(request: AuthenticatedHttpRequest, *, local_date: date) -> HttpResponse:
    offers = _removal_offers(user=request.user, local_date=local_date)
    if not request.htmx:
        for offer in offers:
            messages.add_message(request, offer.level, offer.message, extra_tags=offer.extra_tags)
        return _after_write(request, local_date=local_date)
    return _after_write(request, local_date=local_date, messages_shown=offers)


@login_required
@require_http_methods(["GET", "POST"])
def item_restore(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    """Undo a removal (compersion.lib.removal): the item comes back as it was. Pressing Undo
    twice is harmless; after the window, or onto a day that has five again, it says why not.
    A GET (an old link) changes nothing and goes to the day."""
    user = request.user
    item = selectors.item_for_user_even_removed(user=user, item_id=item_id)
    if request.method != "POST":
        return _after_write(request, local_date=item.local_date)
    try:
        was_removed = item.is_removed
        item = services.gratitude_item_restore(user=user, item=item)
    except removal.RestoreRefused as refused:
        reason = str(refused.message)
        shown = Message(messages.ERROR, reason)
        if refused.code == "day_full":
            # Still restorable: keep its Undo beside the reason.
            url = reverse("journal:item_restore", args=[item.pk])
            shown = removal.undo_message(text=reason, url=url, in_place=True, level=messages.ERROR)
    else:
        words = "It's back, just as it was." if was_removed else "It's already back."
        shown = Message(messages.SUCCESS, words)
    if not request.htmx:
        messages.add_message(request, shown.level, shown.message, extra_tags=shown.extra_tags or "")
        return _after_write(request, local_date=item.local_date)
    return _after_write(request, local_date=item.local_date, messages_shown=[shown])


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    local_today = user_local_today(user=user)
    jump = DayJumpForm(request.GET if "date" in request.GET else None, today=local_today)
    if jump.is_valid():
        return redirect(_day_url(jump.cleaned_data["date"], today=local_today))
    q = request.GET.get("q", "").strip()[:200]
    person = None
    person_param = request.GET.get("person", "")
    if person_param:
        person = person_for_user(user=user, person_id=_int_or_404(person_param))
    window = window_from_query(request.GET, size=selectors.DAYS_PER_PAGE)
    page = selectors.journal_days_page(user=user, window=window, q=q, person=person)
    days = page.entries
    items = selectors.items_by_date(user=user, dates=[day.local_date for day in days])
    rows, counts = selectors.practice_rows_counted(user=user)
    context = {
        "page": page,
        "days": [(day, items[day.local_date]) for day in days],
        "q": q,
        "person": person,
        "people": selectors.active_people(user=user),
        "filtered": bool(q or person),
        "query_string": _query_string(q=q, person=person),
        "jump": jump,
        "local_today": local_today,
        **_practice_context(user=user, today=local_today, rows=rows, item_counts=counts),
    }
    return render(request, "journal/index.html", context, status=400 if jump.errors else 200)


def _day_url(local_date: date, *, today: date) -> str:
    """Where a day is written: Today for today, its own page for any other."""
    if local_date == today:
        return reverse("home")
    return reverse("journal:day", kwargs={"local_date": local_date})


def _query_string(*, q: str, person: Person | None) -> str:
    params = {key: value for key, value in {"q": q, "person": person.pk if person else ""}.items() if value}
    return urlencode(params)


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404("No such person.") from None


@login_required
@require_GET
def day(request: AuthenticatedHttpRequest, local_date: date) -> HttpResponse:
    user = request.user
    selectors.require_day_in_range(user=user, local_date=local_date)
    local_today = user_local_today(user=user)
    people = selectors.active_people(user=user)
    edit = _edit_param(request)
    if request.htmx:
        # Edit and Cancel with htmx: the list of items, with the chosen item's form open.
        context = _day_context(user=user, local_date=local_date, people=people, edit=edit)
        return render(request, "journal/today.html#items", {**context, "is_today": local_date == local_today})
    rows = selectors.practice_rows(user=user)
    context = {
        "is_today": local_date == local_today,
        **_day_context(user=user, local_date=local_date, people=people, edit=edit),
        **_practice_context(user=user, today=local_today, rows=rows),
        "day_status": streaks.status_of(next((status for day, status, _ in rows if day == local_date), None)),
        **_neighbours(local_date, today=local_today),
    }
    return render(request, "journal/day.html", context)


def _neighbours(local_date: date, *, today: date) -> dict[str, Any]:
    """The day before and the day after, each with its page, or None past either end (1900,
    the user's today): the day page's previous and next links."""
    before, after = local_date - timedelta(days=1), local_date + timedelta(days=1)
    return {
        "previous_day": before if clock.day_refusal(before, today=today) is None else None,
        "next_day": after if clock.day_refusal(after, today=today) is None else None,
        "next_is_today": after == today,
    }
