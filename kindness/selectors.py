from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from kindness import rules
from kindness.models import DEFAULT_WEEKLY_TARGET, KindnessAct, KindnessIdea, KindnessPreference
from people.models import Person

if TYPE_CHECKING:
    from people.timeline import TimelineEntry

CHART_WEEKS = 26
RECENT_ACTS = 20


def act_for_user(*, user: User, act_id: int) -> KindnessAct:
    """The user's own act; anyone else's (or a missing one) is a 404."""
    try:
        return KindnessAct.objects.select_related("person", "idea").get(owner=user, pk=act_id)
    except KindnessAct.DoesNotExist:
        raise Http404("No such act.") from None


def ideas_visible_to(*, user: User) -> QuerySet[KindnessIdea]:
    """The shared store plus the user's own private ideas, never anyone else's."""
    return KindnessIdea.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def idea_for_user(*, user: User, idea_id: int) -> KindnessIdea:
    try:
        return ideas_visible_to(user=user).get(pk=idea_id)
    except KindnessIdea.DoesNotExist:
        raise Http404("No such idea.") from None


def own_idea_for_user(*, user: User, idea_id: int) -> KindnessIdea:
    try:
        return KindnessIdea.objects.get(owner=user, pk=idea_id)
    except KindnessIdea.DoesNotExist:
        raise Http404("No such idea.") from None


def ideas_browse(*, user: User, filters: dict[str, str]) -> QuerySet[KindnessIdea]:
    """Visible ideas narrowed by the non-empty ``filters`` (field name to value; ``mine`` for private)."""
    ideas = ideas_visible_to(user=user)
    for name in ("category", "effort", "cost", "recipient_kind", "setting"):
        if filters.get(name):
            ideas = ideas.filter(**{name: filters[name]})
    if filters.get("mine"):
        ideas = ideas.filter(owner=user)
    return ideas.order_by("category", "text", "id")


def people_for_form(*, user: User) -> list[Person]:
    return list(Person.objects.filter(owner=user, archived_at__isnull=True).order_by("name", "id"))


def weekly_target(*, user: User) -> int:
    target = KindnessPreference.objects.filter(user=user).values_list("weekly_target", flat=True).first()
    return target or DEFAULT_WEEKLY_TARGET


@dataclass(frozen=True)
class WeekProgress:
    done: int
    target: int
    monday: date
    sunday: date

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.done)


def _week_counts(*, user: User, local_date: date) -> tuple[WeekProgress, int]:
    """This ISO week's progress and how many secret acts are old enough to remember, in one query."""
    monday, sunday = rules.week_bounds(local_date)
    cutoff = local_date - timedelta(days=rules.REMEMBER_AFTER_DAYS)
    target_subquery = KindnessPreference.objects.filter(user=OuterRef("pk")).values("weekly_target")[:1]
    done, eligible, target = (
        User.objects.filter(pk=user.pk)
        .annotate(
            done=Count("kindness_acts", filter=Q(kindness_acts__local_date__range=(monday, sunday))),
            eligible=Count(
                "kindness_acts",
                filter=Q(kindness_acts__is_secret=True, kindness_acts__local_date__lt=cutoff),
            ),
            target=Subquery(target_subquery),
        )
        .values_list("done", "eligible", "target")
        .get()
    )
    progress = WeekProgress(done=done, target=target or DEFAULT_WEEKLY_TARGET, monday=monday, sunday=sunday)
    return progress, eligible


def week_progress(*, user: User, local_date: date) -> tuple[int, int]:
    """Acts done in ``local_date``'s ISO week and the weekly target: ``(done, target)``. One query."""
    progress, _ = _week_counts(user=user, local_date=local_date)
    return progress.done, progress.target


def remembered_act(*, user: User, local_date: date, eligible: int) -> KindnessAct | None:
    """One secret act older than a week, a different one each day and the same all day."""
    index = rules.remembered_index(eligible=eligible, local_date=local_date)
    if index is None:
        return None
    cutoff = local_date - timedelta(days=rules.REMEMBER_AFTER_DAYS)
    old_secrets = KindnessAct.objects.filter(owner=user, is_secret=True, local_date__lt=cutoff)
    return old_secrets.select_related("person").order_by("local_date", "id")[index : index + 1].first()


def today_card_context(*, user: User, local_date: date) -> dict[str, object]:
    """Everything templates/kindness/today_card.html needs, in at most three queries."""
    from kindness.forms import ActForm

    progress, eligible = _week_counts(user=user, local_date=local_date)
    return {
        "kindness_today": local_date,
        "kindness_week": progress,
        "kindness_remembered": remembered_act(user=user, local_date=local_date, eligible=eligible),
        "kindness_form": ActForm(people=people_for_form(user=user), today=local_date, prefix="kindness"),
    }


@dataclass(frozen=True)
class VarietyNote:
    act: KindnessAct
    category: bool
    recipient: bool
    idea: KindnessIdea | None


def variety_note(*, user: User, act_id: int, local_date: date) -> VarietyNote | None:
    """The gentle note for a just-logged act that repeats one of the last three; two queries."""
    latest = list(
        KindnessAct.objects.filter(owner=user, pk__lte=act_id).select_related("person").order_by("-id")[:4]
    )
    if not latest or latest[0].pk != act_id:
        return None
    act, previous = latest[0], latest[1:]
    repeat = rules.variety_repeat(_shape(act), [_shape(other) for other in previous])
    if not repeat:
        return None
    avoid_categories = {act.category} if repeat.category else set()
    avoid_recipients = {act.recipient_kind} if repeat.recipient else set()
    alternatives = list(
        ideas_visible_to(user=user)
        .exclude(category__in=avoid_categories)
        .exclude(recipient_kind__in=avoid_recipients)
        .order_by("id")
    )
    idea = (
        alternatives[rules.day_seed(user.pk, local_date, act_id) % len(alternatives)]
        if alternatives
        else None
    )
    return VarietyNote(act=act, category=repeat.category, recipient=repeat.recipient, idea=idea)


def _shape(act: KindnessAct) -> rules.ActShape:
    return rules.ActShape(category=act.category, recipient=act.recipient_key)


def idea_suggestion(*, user: User, local_date: date) -> KindnessIdea | None:
    """Today's suggestion: stable for the user all day, fresh in kind, not done in the last 90 days."""
    ideas = list(ideas_visible_to(user=user).order_by("id"))
    recent = list(
        KindnessAct.objects.filter(owner=user, local_date__lt=local_date)
        .order_by("-local_date", "-id")
        .values_list("category", "recipient_kind")[: rules.VARIETY_WINDOW]
    )
    done = KindnessAct.objects.filter(
        owner=user,
        idea__isnull=False,
        local_date__gt=local_date - timedelta(days=rules.SUGGESTION_SKIP_DAYS),
    ).values_list("idea_id", flat=True)
    chosen = rules.suggestion_pick(
        [rules.IdeaShape(idea.pk, idea.category, idea.recipient_kind) for idea in ideas],
        recent_categories=[category for category, _ in recent],
        recent_recipients=[recipient for _, recipient in recent],
        done_recently=[idea_id for idea_id in done if idea_id is not None],
        seed=rules.day_seed(user.pk, local_date),
    )
    return next((idea for idea in ideas if idea.pk == chosen), None)


@dataclass(frozen=True)
class Overview:
    week: WeekProgress
    streak: int
    weeks: list[tuple[date, int]]
    recent: list[KindnessAct]
    variety: rules.VarietyFigure
    spread: dict[tuple[str, str], int]
    total: int
    people: list[Person] = field(default_factory=list)


def kindness_overview(*, user: User, local_date: date) -> Overview:
    """The /kindness/ page's figures in five queries, whatever the length of history."""
    target = weekly_target(user=user)
    per_day = dict(
        KindnessAct.objects.filter(owner=user)
        .order_by()
        .values("local_date")
        .annotate(n=Count("id"))
        .values_list("local_date", "n")
    )
    week_counts = rules.counts_by_week(per_day)
    monday, sunday = rules.week_bounds(local_date)
    recent = list(KindnessAct.objects.filter(owner=user).select_related("person")[:RECENT_ACTS])
    chart_start = monday - timedelta(weeks=CHART_WEEKS - 1)
    spread = {
        (category, recipient): n
        for category, recipient, n in KindnessAct.objects.filter(owner=user, local_date__gte=chart_start)
        .order_by()
        .values("category", "recipient_kind")
        .annotate(n=Count("id"))
        .values_list("category", "recipient_kind", "n")
    }
    return Overview(
        week=WeekProgress(done=week_counts.get(monday, 0), target=target, monday=monday, sunday=sunday),
        streak=rules.weekly_streak(week_counts, target=target, today=local_date),
        weeks=rules.weeks_series(week_counts, today=local_date, weeks=CHART_WEEKS),
        recent=recent,
        variety=rules.variety_figure([_shape(act) for act in recent]),
        spread=spread,
        total=sum(per_day.values()),
        people=people_for_form(user=user),
    )


def person_timeline_entries(user: User, person: Person, limit: int) -> list[TimelineEntry]:
    """Acts done for ``person``, newest first, for the person page (one query)."""
    from people.timeline import TimelineEntry

    acts = KindnessAct.objects.filter(owner=user, person=person).order_by("-local_date", "-id")[:limit]
    return [
        TimelineEntry(
            local_date=act.local_date,
            kind="kindness",
            title="A secret kindness" if act.is_secret else "A kindness (you told someone)",
            body=act.text,
            url=reverse("kindness:act", args=[act.pk]),
        )
        for act in acts
    ]
