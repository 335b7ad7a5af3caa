from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import AuthenticatedHttpRequest
from accounts.selectors import user_local_today
from compersion.lib import clock, removal
from compersion.lib.paging import window_from_query
from feelings import selectors, services
from feelings.forms import (
    CheckInEditForm,
    CheckInForm,
    MetamourNoteForm,
    NeedsCheckInForm,
    NeedsWeekdayForm,
    OwnWordForm,
    ReflectForm,
    VicariousJoyForm,
)
from feelings.models import WEEKDAYS


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    feelings = list(selectors.feelings_for_user(user=user))
    people = list(selectors.people_for_user(user=user))
    form = CheckInForm(request.POST or None, feelings=feelings, people=people)
    if request.method == "POST" and form.is_valid():
        checkin = services.checkin_create(
            user=user,
            intensities=form.intensities(),
            own=form.own_word(),
            people=form.chosen_people(),
            what_happened=form.cleaned_data["what_happened"],
            body=form.cleaned_data["body"],
            submission_token=form.cleaned_data["submission_token"],
        )
        return redirect("feelings:pause", checkin_id=checkin.pk)
    window = window_from_query(request.GET, size=selectors.CHECKINS_PER_PAGE)
    context = {"form": form, "checkins": selectors.checkins_page(user=user, window=window)}
    return render(request, "feelings/index.html", context, status=400 if form.errors else 200)


@login_required
def checkin_detail(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_for_user(user=request.user, checkin_id=checkin_id)
    return render(request, "feelings/checkin_detail.html", {"checkin": checkin})


@login_required
@require_http_methods(["GET", "POST"])
def checkin_edit(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    """The check-in's form filled in: change a feeling's strength, add one left out, who was
    involved, what happened. It stays on its day."""
    user = request.user
    checkin = selectors.checkin_for_user(user=user, checkin_id=checkin_id)
    feelings = list(selectors.feelings_for_user(user=user))
    people = list(selectors.people_for_user(user=user))
    form = CheckInEditForm(request.POST or None, checkin=checkin, feelings=feelings, people=people)
    if request.method == "POST" and form.is_valid():
        services.checkin_edit(
            checkin=checkin,
            intensities=form.intensities(),
            own=form.own_word(),
            people=form.chosen_people(),
            what_happened=form.cleaned_data["what_happened"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, "Your changes are saved.")
        return redirect("feelings:checkin", checkin_id=checkin.pk)
    context = {"checkin": checkin, "form": form}
    return render(request, "feelings/checkin_edit.html", context, status=400 if form.errors else 200)


@login_required
def pause(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_for_user(user=request.user, checkin_id=checkin_id)
    if request.method == "POST":
        services.checkin_mark_sat_with(checkin=checkin)
        return redirect("feelings:reflect", checkin_id=checkin.pk)
    return render(request, "feelings/pause.html", {"checkin": checkin})


@login_required
def reflect(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    user = request.user
    checkin = selectors.checkin_for_user(user=user, checkin_id=checkin_id)
    initial = {"needs": list(checkin.needs.all()), "need_met": checkin.need_met, "action": checkin.action}
    form = ReflectForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        needs = list(form.cleaned_data["needs"])
        own = form.cleaned_data["own_need"].strip()
        if own:
            needs.append(services.need_own_get_or_add(user=user, name=own))
        services.checkin_reflect(
            checkin=checkin,
            needs=needs,
            need_met=form.cleaned_data["need_met"],
            action=form.cleaned_data["action"],
        )
        messages.success(request, "Saved. Thank you for staying with it.")
        return redirect("feelings:checkin", checkin_id=checkin.pk)
    context = {"checkin": checkin, "form": form}
    return render(request, "feelings/reflect.html", context, status=400 if form.errors else 200)


def confirm_delete(request: AuthenticatedHttpRequest, *, what: str, back: str) -> HttpResponse:
    """The plain confirmation page a GET to a delete URL shows (ownership already checked)."""
    return render(request, "feelings/confirm_delete.html", {"what": what, "back": back})


@login_required
def checkin_delete(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    user = request.user
    # Even removed: a second click on Remove is answered like the first, with its Undo.
    checkin = selectors.checkin_for_user_even_removed(user=user, checkin_id=checkin_id)
    what = f"your check-in of {checkin.local_date:%-d %B %Y}"
    if request.method != "POST":
        if checkin.is_removed:
            raise Http404("That check-in was removed.")
        back = reverse("feelings:checkin", kwargs={"checkin_id": checkin.pk})
        return confirm_delete(request, what=what, back=back)
    services.checkin_remove(checkin=checkin)
    removal.undo_offer(
        request,
        text=removal.removed_words(what=what, removed_at=checkin.removed_at, tz=user.tz),
        url=reverse("feelings:checkin_restore", kwargs={"checkin_id": checkin.pk}),
    )
    return redirect("feelings:index")


@login_required
@require_http_methods(["GET", "POST"])
def checkin_restore(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    """Undo a removal: the check-in is back with its feelings, people and need. Twice is
    harmless; a GET (an old link) changes nothing."""
    checkin = selectors.checkin_for_user_even_removed(user=request.user, checkin_id=checkin_id)
    if request.method != "POST":
        return redirect("feelings:index")
    if not _restored(request, restore=lambda: services.checkin_restore(checkin=checkin)):
        return redirect("feelings:index")
    messages.success(request, "Your check-in is back, just as it was.")
    return redirect("feelings:checkin", checkin_id=checkin.pk)


def _restored(request: AuthenticatedHttpRequest, *, restore: Callable[[], bool]) -> bool:
    """Run an Undo; when the window has closed, say so and answer False."""
    try:
        restore()
    except removal.RestoreRefused as refused:
        messages.error(request, str(refused.message))
        return False
    return True


@login_required
def chart_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", selectors.DEFAULT_CHART_DAYS))
    except ValueError:
        days = selectors.DEFAULT_CHART_DAYS
    context = selectors.chart_page_context(
        user=request.user,
        local_date=user_local_today(user=request.user),
        names=request.GET.getlist("feeling"),
        days=days,
    )
    return render(request, "feelings/charts.html", context)


@login_required
def joy(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    people = list(selectors.people_for_user(user=user))
    form = VicariousJoyForm(request.POST or None, people=people)
    logged = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.vicarious_joy_log(
            user=user,
            person=data["person"],
            who=data["who"],
            area=data["area"],
            what_happened=data["what_happened"],
            joy=data["joy"],
            submission_token=data["submission_token"],
        )
        logged = "Logged. Their good news is a little bit yours now."
        if not request.htmx:
            messages.success(request, logged)
            return redirect("feelings:joy")
        form = VicariousJoyForm(people=people)
    today = user_local_today(user=user)
    context = {
        "form": form,
        "logged": logged,
        "joys": selectors.joys_page(
            user=user, window=window_from_query(request.GET, size=selectors.JOYS_PER_PAGE)
        ),
        "week_start": clock.week_start(today),
    }
    if request.htmx:
        # htmx swaps only 2xx answers, so a form with errors comes back as 200 with its messages.
        return render(request, "feelings/joy.html#joy-body", context)
    return render(request, "feelings/joy.html", context, status=400 if form.errors else 200)


@login_required
def joy_delete(request: AuthenticatedHttpRequest, joy_id: int) -> HttpResponse:
    user = request.user
    found = selectors.joy_for_user_even_removed(user=user, joy_id=joy_id)
    if request.method != "POST":
        if found.is_removed:
            raise Http404("That joy was removed.")
        return confirm_delete(request, what=f"the joy “{found}”", back=reverse("feelings:joy"))
    services.vicarious_joy_remove(joy=found)
    what = f"the vicarious joy of {found.local_date:%-d %B %Y}"
    removal.undo_offer(
        request,
        text=removal.removed_words(what=what, removed_at=found.removed_at, tz=user.tz),
        url=reverse("feelings:joy_restore", kwargs={"joy_id": found.pk}),
    )
    return redirect("feelings:joy")


@login_required
@require_http_methods(["GET", "POST"])
def joy_restore(request: AuthenticatedHttpRequest, joy_id: int) -> HttpResponse:
    found = selectors.joy_for_user_even_removed(user=request.user, joy_id=joy_id)
    if request.method != "POST":
        return redirect("feelings:joy")
    if _restored(request, restore=lambda: services.vicarious_joy_restore(joy=found)):
        messages.success(request, "That joy is back, just as it was.")
    return redirect("feelings:joy")


@login_required
def needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = user_local_today(user=user)
    partners = list(selectors.partners_for_user(user=user))
    answered = selectors.needs_answers_on(user=user, local_date=today)
    initial = {}
    for person_id, answer in answered.items():
        initial[f"score_{person_id}"] = str(answer.score)
        initial[f"note_{person_id}"] = answer.note
    form = NeedsCheckInForm(request.POST or None, partners=partners, initial=initial)
    if request.method == "POST" and form.is_valid():
        for person, score, note in form.answers():
            services.needs_checkin_record(user=user, person=person, score=score, note=note)
        messages.success(request, "Thank you for checking in with yourself.")
        return redirect("feelings:needs")
    weekday = selectors.needs_weekday(user=user)
    context = {
        "form": form,
        "weekday_form": NeedsWeekdayForm(initial={"weekday": weekday}),
        "weekday_name": dict(WEEKDAYS)[weekday],
        "is_needs_day": today.weekday() == weekday,
        "partners": partners,
        **selectors.needs_trend_context(user=user, partners=partners, local_date=today),
    }
    return render(request, "feelings/needs.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def needs_weekday(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NeedsWeekdayForm(request.POST)
    if form.is_valid():
        services.needs_weekday_set(user=request.user, weekday=form.cleaned_data["weekday"])
        messages.success(request, "Your needs check-in day is saved.")
    else:
        messages.error(request, "Please choose a day of the week.")
    return redirect("feelings:needs")


@login_required
def words(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    feelings = list(selectors.feelings_for_user(user=user))
    needs_list = list(selectors.needs_for_user(user=user))
    feeling_form = OwnWordForm(
        request.POST if request.POST.get("kind") == "feeling" else None,
        taken={f.name.lower() for f in feelings},
        prefix="feeling",
    )
    need_form = OwnWordForm(
        request.POST if request.POST.get("kind") == "need" else None,
        taken={n.name.lower() for n in needs_list},
        prefix="need",
    )
    if request.method == "POST" and feeling_form.is_bound and feeling_form.is_valid():
        services.feeling_own_add(user=user, **feeling_form.cleaned_data)
        messages.success(request, "Added to your feelings.")
        return redirect("feelings:words")
    if request.method == "POST" and need_form.is_bound and need_form.is_valid():
        services.need_own_add(user=user, **need_form.cleaned_data)
        messages.success(request, "Added to your needs.")
        return redirect("feelings:words")
    context = {
        "groups": selectors.feelings_grouped(feelings),
        "needs": needs_list,
        "feeling_form": feeling_form,
        "need_form": need_form,
    }
    status = 400 if feeling_form.errors or need_form.errors else 200
    return render(request, "feelings/words.html", context, status=status)


@login_required
def own_feeling_delete(request: AuthenticatedHttpRequest, feeling_id: int) -> HttpResponse:
    feeling = selectors.own_feeling_for_user(user=request.user, feeling_id=feeling_id)
    if request.method != "POST":
        return confirm_delete(request, what=f"the feeling “{feeling.name}”", back=reverse("feelings:words"))
    services.feeling_own_delete(feeling=feeling)
    messages.success(request, f"“{feeling.name}” is no longer in your list.")
    return redirect("feelings:words")


@login_required
def own_need_delete(request: AuthenticatedHttpRequest, need_id: int) -> HttpResponse:
    need = selectors.own_need_for_user(user=request.user, need_id=need_id)
    if request.method != "POST":
        return confirm_delete(request, what=f"the need “{need.name}”", back=reverse("feelings:words"))
    services.need_own_delete(need=need)
    messages.success(request, f"“{need.name}” is no longer in your list.")
    return redirect("feelings:words")


@login_required
def person(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Feelings about one person; for a metamour, also what the user is learning about them."""
    user = request.user
    who = selectors.person_for_user(user=user, person_id=person_id)
    context = {
        "person": who,
        "person_page": reverse("people:detail", kwargs={"person_id": who.pk}),
        **selectors.person_section_context(user=user, person=who),
        "note_form": MetamourNoteForm(),
    }
    return render(request, "feelings/person.html", context)


@login_required
def metamour_note_add(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    who = selectors.person_for_user(user=user, person_id=person_id)
    if request.method != "POST":
        return redirect(_mine(who.pk))
    form = MetamourNoteForm(request.POST)
    if form.is_valid():
        services.metamour_note_add(user=user, person=who, **form.cleaned_data)
        messages.success(request, f"Noted. You know {who.name} a little better.")
        person_page = reverse("people:detail", kwargs={"person_id": who.pk})
        back = person_page if request.POST.get("next_page") == "person" else _mine(who.pk)
        return redirect(back)
    context = {"person": who, **selectors.person_section_context(user=user, person=who), "note_form": form}
    return render(request, "feelings/person.html", context, status=400)


@login_required
def metamour_note_delete(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    user = request.user
    note = selectors.metamour_note_for_user_even_removed(user=user, note_id=note_id)
    if request.method != "POST":
        if note.is_removed:
            raise Http404("That note was removed.")
        return confirm_delete(request, what="this note", back=_mine(note.person_id))
    services.metamour_note_remove(note=note)
    removal.undo_offer(
        request,
        text=removal.removed_words(what="the note", removed_at=note.removed_at, tz=user.tz),
        url=reverse("feelings:metamour_note_restore", kwargs={"note_id": note.pk}),
    )
    return redirect(_mine(note.person_id))


@login_required
@require_http_methods(["GET", "POST"])
def metamour_note_restore(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = selectors.metamour_note_for_user_even_removed(user=request.user, note_id=note_id)
    if request.method != "POST":
        return redirect(_mine(note.person_id))
    if _restored(request, restore=lambda: services.metamour_note_restore(note=note)):
        messages.success(request, "The note is back, just as it was.")
    return redirect(_mine(note.person_id))


def _mine(person_id: int | None) -> str:
    if person_id is None:
        return reverse("feelings:index")
    return reverse("feelings:person", kwargs={"person_id": person_id})
