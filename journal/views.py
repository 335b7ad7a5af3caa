from __future__ import annotations

import hashlib
from datetime import date, time
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import AuthenticatedHttpRequest, User
from accounts.selectors import user_local_now, user_local_today
from compersion.lib import clock
from compersion.lib.query import query_id
from feelings import selectors as feelings_selectors
from journal import charts, selectors, services, streaks
from journal.forms import ItemForm, slot_from
from journal.models import GratitudeItem
from journal.prompts import prompt_for
from kindness import selectors as kindness_selectors
from people.models import Person
from people.selectors import person_for_user


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    return today(request)  # type: ignore[arg-type]


# The streak, the path, the timing chart and the heatmap depend only on the user's summary
# rows, the local day and the reminder time, so they are cached under a key made of exactly
# those (the rows as a digest). A write changes the rows and therefore the key: there is
# nothing to invalidate and no way to show a stale chart; each page still pays the one
# query for the rows.
PRACTICE_CACHE_SECONDS = 2 * 24 * 60 * 60
# Bump this whenever what is cached changes shape or look (the charts' drawing, the streak's
# fields, the context's keys), so a deploy never serves a drawing made by the old code.
CHART_CACHE_VERSION = 2


def _practice_context(
    *, user: User, today: date, rows: list[selectors.PracticeRow] | None = None
) -> dict[str, Any]:
    """Streak, path, timing and heatmap: one query whatever the length of the history."""
    rows = selectors.practice_rows(user=user) if rows is None else rows
    digest = hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()
    key = f"journal:practice:v{CHART_CACHE_VERSION}:{user.pk}:{today}:{user.reminder_time}:{digest}"
    context: dict[str, Any] | None = cache.get(key)
    if context is None:
        context = _practice_compute(rows, today=today, reminder=user.reminder_time)
        cache.set(key, context, PRACTICE_CACHE_SECONDS)
    return context


def _practice_compute(rows: list[selectors.PracticeRow], *, today: date, reminder: time) -> dict[str, Any]:
    days, completions = selectors.practice_history_from(rows, since=selectors.timing_since(today))
    runs = streaks.perfect_runs(days)
    summary = streaks.streak_summary(days, today=today)
    median = streaks.timing_median(completions, reminder=reminder, today=today)
    return {
        "today": today,
        "streak": summary,
        "path_length": streaks.PATH_LENGTH,
        "path_svg": charts.path_svg(days, today=today),
        "heatmap_svg": charts.heatmap_svg(days, end=today),
        "heatmap_counts": _heatmap_counts(charts.heatmap_summary(days, end=today)),
        "runs_in_words": [_run_in_words(run) for run in reversed(runs[-20:])],
        "runs_svg": charts.runs_svg(runs),
        "timing_median": median,
        "timing_label": minutes_label(median),
        "timing_svg": charts.timing_svg(completions, reminder=reminder, today=today),
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
        "local_now": now_local,
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
    request: AuthenticatedHttpRequest, *, local_date: date, people: list[Person] | None = None
) -> HttpResponse:
    """htmx: the day's items with a fresh form for the next one, plus the progress and the
    charts out of band; otherwise back to the page. ``people``: the user's active people
    when the view has already read them."""
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
    selectors.require_not_future(user=user, local_date=local_date)
    slot = slot_from(request.POST) or 1
    people = selectors.active_people(user=user)
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
    return _after_write(request, local_date=local_date, people=people)


def _item_people(*, people: list[Person], item: GratitudeItem) -> list[Person]:
    """The active people, plus any archived person still linked to ``item``."""
    known = {person.pk for person in people}
    # Only what journal pages show of a person, so no notes or labels are decrypted here.
    linked = item.people.only(*selectors.PERSON_FIELDS)
    return people + [person for person in linked if person.pk not in known]


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
    active = selectors.active_people(user=user)
    people = _item_people(people=active, item=item)
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
    return _after_write(request, local_date=item.local_date, people=active)


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    user = request.user
    item = selectors.item_for_user(user=user, item_id=item_id)
    if request.method != "POST":
        return _page_of(item, user=user)
    local_date = item.local_date
    services.gratitude_item_remove(user=user, item=item)
    if not request.htmx:
        messages.info(request, "Removed. The slot is free for something else.")
    return _after_write(request, local_date=local_date)


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    q = request.GET.get("q", "").strip()[:200]
    person = None
    person_param = request.GET.get("person", "")
    if person_param:
        person = person_for_user(user=user, person_id=_int_or_404(person_param))
    page = selectors.journal_days_page(user=user, page=request.GET.get("page"), q=q, person=person)
    days = list(page.object_list)
    items = selectors.items_by_date(user=user, dates=[day.local_date for day in days])
    local_today = user_local_today(user=user)
    context = {
        "page": page,
        "days": [(day, items[day.local_date]) for day in days],
        "q": q,
        "person": person,
        "people": selectors.active_people(user=user),
        "filtered": bool(q or person),
        "query_string": _query_string(q=q, person=person),
        **_practice_context(user=user, today=local_today),
    }
    return render(request, "journal/index.html", context)


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
    selectors.require_not_future(user=user, local_date=local_date)
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
    }
    return render(request, "journal/day.html", context)
