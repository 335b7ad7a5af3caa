from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import AuthenticatedHttpRequest
from accounts.selectors import user_local_today
from compersion.lib import removal
from compersion.lib.paging import window_from_query
from compersion.lib.query import query_id
from kindness import charts, selectors, services
from kindness.forms import ActEditForm, ActForm, IdeaFilterForm, IdeaForm, TargetForm
from kindness.models import KindnessAct


def _index_context(request: AuthenticatedHttpRequest, form: ActForm | None = None) -> dict[str, object]:
    user = request.user
    today = user_local_today(user=user)
    overview = selectors.kindness_overview(user=user, local_date=today)
    if form is None:
        initial: dict[str, object] = {}
        idea_id = query_id(request.GET.get("idea", ""))
        if idea_id is not None:
            initial = ActForm.initial_from_idea(selectors.idea_for_user(user=user, idea_id=idea_id))
        form = ActForm(people=overview.people, today=today, initial=initial)
    logged = query_id(request.GET.get("logged", ""))
    note = selectors.variety_note(user=user, act_id=logged, local_date=today) if logged is not None else None
    return {
        "overview": overview,
        "acts": selectors.acts_page(
            user=user, window=window_from_query(request.GET, size=selectors.ACTS_PER_PAGE)
        ),
        "form": form,
        "note": note,
        "target_form": TargetForm(initial={"weekly_target": overview.week.target}),
        "weeks_chart": charts.weekly_acts_chart(overview.weeks, target=overview.week.target),
        "spread_chart": charts.spread_chart(overview.spread),
        "spread_rows": charts.spread_rows(overview.spread),
    }


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "kindness/index.html", _index_context(request))


def _log_from_form(request: AuthenticatedHttpRequest, form: ActForm) -> KindnessAct | None:
    user = request.user
    person, recipient_kind = form.recipient_parts()
    idea_id = form.cleaned_data.get("idea")
    try:
        idea = selectors.idea_for_user(user=user, idea_id=idea_id) if idea_id else None
        return services.kindness_act_log(
            user=user,
            text=form.cleaned_data["text"],
            category=form.cleaned_data["category"],
            effort=form.cleaned_data["effort"],
            local_date=form.cleaned_data["local_date"],
            person=person,
            recipient_kind=recipient_kind,
            reflection=form.cleaned_data["reflection"],
            idea=idea,
            submission_token=form.cleaned_data["submission_token"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def log(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = user_local_today(user=user)
    if request.method != "POST":
        if request.htmx:
            # Today's "Log an act": the quick form, asked for when the user wants it rather
            # than written into every Today.
            form = ActForm(people=selectors.people_for_form(user=user), today=today)
            return render(request, "kindness/today_card.html#quick", {"kindness_form": form})
        return redirect(f"{reverse('kindness:index')}#log")
    from_today = request.POST.get("from") == "today"
    form = ActForm(request.POST, people=selectors.people_for_form(user=user), today=today)
    act = _log_from_form(request, form) if form.is_valid() else None
    if from_today and request.htmx:
        # The same card Today renders, refreshed: with the form open and the words if they
        # did not save, closed again ("Log an act") if they did.
        context: dict[str, object] = {
            "kindness_card": selectors.today_card(user=user, local_date=today),
            "kindness_form": form if act is None else None,
        }
        if act is not None:
            context["kindness_note"] = selectors.variety_note(user=user, act_id=act.pk, local_date=today)
            context["kindness_just_logged"] = True
        return render(request, "kindness/today_card.html", context)
    if act is None:
        return render(request, "kindness/index.html", _index_context(request, form), status=400)
    messages.success(request, "Logged, and kept to yourself.")
    return redirect(f"{reverse('kindness:index')}?logged={act.pk}#logged")


@login_required
def target(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.kindness_target_set(user=request.user, weekly_target=form.cleaned_data["weekly_target"])
        messages.success(request, "Weekly target saved.")
    return redirect("kindness:index")


@login_required
def act_detail(request: AuthenticatedHttpRequest, act_id: int) -> HttpResponse:
    act = selectors.act_for_user(user=request.user, act_id=act_id)
    return render(request, "kindness/act.html", {"act": act})


@login_required
def act_edit(request: AuthenticatedHttpRequest, act_id: int) -> HttpResponse:
    """Edit opens the act's form filled in: in place with htmx, as its own page without."""
    user = request.user
    act = selectors.act_for_user(user=user, act_id=act_id)
    today = user_local_today(user=user)
    people = selectors.people_for_form(user=user)
    form = ActEditForm(request.POST or None, act=act, people=people, today=today)
    if request.method == "POST" and form.is_valid():
        person, recipient_kind = form.recipient_parts()
        try:
            services.kindness_act_edit(
                user=user,
                act=act,
                text=form.cleaned_data["text"],
                category=form.cleaned_data["category"],
                effort=form.cleaned_data["effort"],
                local_date=form.cleaned_data["local_date"],
                person=person,
                recipient_kind=recipient_kind,
                reflection=form.cleaned_data["reflection"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                context = {"act": act, "saved": True, "partial_only": True}
                return render(request, "kindness/act.html#act-card", context)
            messages.success(request, "Your changes are saved.")
            return redirect("kindness:act", act_id=act.pk)
    context = {"act": act, "form": form}
    if request.htmx:
        # htmx swaps only 2xx answers: the form comes back in place, with its errors if any.
        return render(request, "kindness/act.html#act-card", {**context, "partial_only": True})
    return render(request, "kindness/act.html", context, status=400 if form.errors else 200)


@login_required
def act_told(request: AuthenticatedHttpRequest, act_id: int) -> HttpResponse:
    act = selectors.act_for_user(user=request.user, act_id=act_id)
    if request.method == "POST":
        services.kindness_act_mark_told(act=act)
        messages.success(request, "Noted. It stays in your log, told or not.")
    return redirect("kindness:act", act_id=act.pk)


@login_required
def act_delete(request: AuthenticatedHttpRequest, act_id: int) -> HttpResponse:
    user = request.user
    # Even removed: a second click is answered like the first, with its Undo.
    act = selectors.act_for_user_even_removed(user=user, act_id=act_id)
    if request.method != "POST":
        return redirect("kindness:act", act_id=act.pk)
    services.kindness_act_remove(act=act)
    what = f"the act of kindness from {act.local_date:%-d %B %Y}"
    removal.undo_offer(
        request,
        text=removal.removed_words(what=what, removed_at=act.removed_at, tz=user.tz),
        url=reverse("kindness:act_restore", kwargs={"act_id": act.pk}),
    )
    return redirect("kindness:index")


def _ideas_context(request: AuthenticatedHttpRequest, idea_form: IdeaForm | None = None) -> dict[str, object]:
    user = request.user
    today = user_local_today(user=user)
    filter_form = IdeaFilterForm(request.GET or None)
    filters = filter_form.filters()
    if idea_form is None:
        # A new idea starts where the user is looking: the filters they chose, else at home.
        idea_form = IdeaForm(prefix="idea", initial=IdeaForm.initial_from_filters(filters))
    ideas = selectors.ideas_browse(user=user, filters=filters, local_date=today)
    # get_page, not page: ``page`` is whatever the address bar says. Not a number (empty, "²",
    # "1e9") gives the first page, out of range (0, -1, 10**30) the last: never a 404 or a 500.
    page = Paginator(ideas, selectors.IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "filter_form": filter_form,
        "filter_query": filter_form.query(),
        "ideas": page,
        # A pager link asked for this page in place (only those links send ``page``): the
        # focus follows to the new results' heading instead of falling to the top of the page.
        "focus_results": bool(request.htmx) and "page" in request.GET,
        "idea_form": idea_form,
        "season": selectors.season_where(user=user, local_date=today),
    }


@login_required
@require_http_methods(["GET", "POST"])
def act_restore(request: AuthenticatedHttpRequest, act_id: int) -> HttpResponse:
    """Undo a removal: the act is back in the log and every count. Twice is harmless; a GET
    (an old link) changes nothing."""
    act = selectors.act_for_user_even_removed(user=request.user, act_id=act_id)
    if request.method != "POST":
        return redirect("kindness:index")
    try:
        services.kindness_act_restore(act=act)
    except removal.RestoreRefused as refused:
        messages.error(request, str(refused.message))
        return redirect("kindness:index")
    messages.success(request, "Your act of kindness is back, just as it was.")
    return redirect("kindness:act", act_id=act.pk)


@login_required
def ideas(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _ideas_context(request)
    # Back to a page htmx's history cache no longer holds (ten pages of ideas or filters ago),
    # htmx asks for it with HX-Request too, but swaps the answer in as the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "kindness/ideas.html#results", context)
    return render(request, "kindness/ideas.html", context)


@login_required
def idea_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("kindness:ideas")
    form = IdeaForm(request.POST, prefix="idea")
    if form.is_valid():
        services.kindness_idea_add(user=request.user, **form.cleaned_data)
        messages.success(request, "Your idea is saved. Only you can see it.")
        mine = f"{reverse('kindness:ideas')}?mine=on"
        return HttpResponseClientRedirect(mine) if request.htmx else redirect(mine)
    if request.htmx:
        # htmx swaps only 2xx answers: the form comes back in place, its error summary focused.
        return render(request, "kindness/ideas.html#add-idea", {"idea_form": form})
    return render(request, "kindness/ideas.html", _ideas_context(request, idea_form=form), status=400)


@login_required
def idea_delete(request: AuthenticatedHttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.own_idea_for_user(user=request.user, idea_id=idea_id)
    if request.method == "POST":
        services.kindness_idea_delete(idea=idea)
        messages.success(request, "Your idea was deleted.")
    return redirect(f"{reverse('kindness:ideas')}?mine=on")


@login_required
def suggest(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = user_local_today(user=request.user)
    idea = selectors.idea_suggestion(user=request.user, local_date=today)
    return render(request, "kindness/suggest.html", {"idea": idea, "today": today})
