from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from compersion.lib import clock, seasons
from compersion.lib.paging import Key, Page, Window, keyset, page_from_rows
from kindness import rules
from kindness.models import (
    DEFAULT_WEEKLY_TARGET,
    Category,
    KindnessAct,
    KindnessIdea,
    KindnessPreference,
    RecipientKind,
)
from people.models import Person

if TYPE_CHECKING:
    from people.timeline import TimelineEntry

CHART_WEEKS = 26
ACTS_PER_PAGE = 20
# The ideas page's card grid is one, two, three or four columns wide (phone to the widest
# page), and 24 is a whole number of rows at each: a full page never ends in a half-empty row.
IDEAS_PER_PAGE = 24


def act_for_user(*, user: User, act_id: int) -> KindnessAct:
    """The user's own act; anyone else's (or a missing or removed one) is a 404."""
    try:
        return KindnessAct.objects.select_related("person", "idea").get(owner=user, pk=act_id)
    except KindnessAct.DoesNotExist:
        raise Http404("No such act.") from None


def act_for_user_even_removed(*, user: User, act_id: int) -> KindnessAct:
    """The user's own act, live or removed (not yet purged): for Remove and its Undo."""
    try:
        return KindnessAct.with_removed.get(owner=user, pk=act_id)
    except KindnessAct.DoesNotExist:
        raise Http404("No such act.") from None


def ideas_visible_to(*, user: User) -> QuerySet[KindnessIdea]:
    """The shared store plus the user's own private ideas, never anyone else's."""
    return KindnessIdea.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def ideas_in_season(*, user: User, local_date: date) -> QuerySet[KindnessIdea]:
    """The visible ideas that fit ``local_date``'s season where the user lives: no snow in
    Auckland's December (the hemisphere rule is compersion.lib.seasons)."""
    season = seasons.season_on(local_date, zone_name=user.time_zone)
    return ideas_visible_to(user=user).filter(Q(season="") | Q(season=season))


@dataclass(frozen=True)
class SeasonWhere:
    """The season at the user's place, for saying which seasonal ideas show and why."""

    season: str
    southern: bool
    zone_name: str


def season_where(*, user: User, local_date: date) -> SeasonWhere:
    zone_name = user.time_zone
    return SeasonWhere(
        season=seasons.season_on(local_date, zone_name=zone_name),
        southern=seasons.is_southern(zone_name),
        zone_name=zone_name,
    )


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


def ideas_browse(*, user: User, filters: dict[str, str], local_date: date) -> list[KindnessIdea]:
    """Ideas in season narrowed by the non-empty ``filters`` (field name to value; ``mine`` for
    private), by category then text. The text is encrypted, so the (few hundred) ideas are sorted here.

    A list, not a QuerySet, so the ideas page pages it in Python: the database cannot put
    ciphertext in order, and an order-preserving column beside it would give away the shape
    of each private idea. Fetching and sorting them all is one query and a few milliseconds;
    rendering the cards is what a page of ``IDEAS_PER_PAGE`` saves."""
    ideas = ideas_in_season(user=user, local_date=local_date)
    for name in ("category", "effort", "cost", "recipient_kind", "setting"):
        if filters.get(name):
            ideas = ideas.filter(**{name: filters[name]})
    if filters.get("mine"):
        ideas = ideas.filter(owner=user)
    return sorted(
        ideas.order_by("category", "id"), key=lambda idea: (idea.category, idea.text.casefold(), idea.pk)
    )


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


@dataclass(frozen=True)
class RememberedAct:
    """Just enough of an old secret act to bring it back to mind on Today."""

    id: int
    local_date: date
    text: str
    person_name: str | None


def _week_row(*, user: User, local_date: date) -> tuple[WeekProgress, int]:
    """This ISO week's progress and how many secret acts are old enough to remember: one query,
    the user's row with their weekly target and their acts counted."""
    monday, sunday = rules.week_bounds(local_date)
    cutoff = local_date - timedelta(days=rules.REMEMBER_AFTER_DAYS)
    row = (
        User.objects.filter(pk=user.pk)
        .values("kindness_preference__weekly_target")
        .annotate(
            # Joins bypass KindnessAct's live-only manager: removed acts are left out by hand.
            done=Count(
                "kindness_acts",
                filter=Q(kindness_acts__local_date__range=(monday, sunday), kindness_acts__removed_at=None),
            ),
            old_secrets=Count(
                "kindness_acts",
                filter=Q(
                    kindness_acts__is_secret=True,
                    kindness_acts__local_date__lt=cutoff,
                    kindness_acts__removed_at=None,
                ),
            ),
        )
        .get()
    )
    target = row["kindness_preference__weekly_target"] or DEFAULT_WEEKLY_TARGET
    progress = WeekProgress(done=row["done"], target=target, monday=monday, sunday=sunday)
    return progress, row["old_secrets"]


def week_progress(*, user: User, local_date: date) -> tuple[int, int]:
    """Acts done in ``local_date``'s ISO week and the weekly target: ``(done, target)``. One query."""
    progress, _ = _week_row(user=user, local_date=local_date)
    return progress.done, progress.target


def _remembered(*, user: User, local_date: date, old_secrets: int) -> RememberedAct | None:
    """Today's old secret act: they come back one a day, oldest first, in turn (position
    ``ordinal % count``), so it is stable all day and changes the next. One query, none when
    there is nothing old enough to remember."""
    if not old_secrets:
        return None
    cutoff = local_date - timedelta(days=rules.REMEMBER_AFTER_DAYS)
    position = local_date.toordinal() % old_secrets
    # The act is picked first and its person joined after: joined before the pick, PostgreSQL
    # hashes the whole people table to name the one act that is kept (2 ms against 0.1).
    turn = (
        KindnessAct.objects.filter(owner=user, is_secret=True, local_date__lt=cutoff)
        .order_by("local_date", "id")
        .values("id")[position : position + 1]
    )
    picked = (
        KindnessAct.objects.filter(owner=user, pk=Subquery(turn))
        .values_list("id", "local_date", "text", "person__name")
        .first()
    )
    return None if picked is None else RememberedAct(*picked)


@dataclass(frozen=True)
class TodayCard:
    """What the kindness card on Today shows: the week so far and an old secret act to remember."""

    local_date: date
    week: WeekProgress
    remembered: RememberedAct | None


def today_card(*, user: User, local_date: date) -> TodayCard:
    """The kindness card's data: two plain queries, one when there is nothing old to remember."""
    week, old_secrets = _week_row(user=user, local_date=local_date)
    remembered = _remembered(user=user, local_date=local_date, old_secrets=old_secrets)
    return TodayCard(local_date=local_date, week=week, remembered=remembered)


@dataclass(frozen=True)
class VarietyNote:
    act: KindnessAct
    category: bool
    recipient: bool
    idea: KindnessIdea | None
    # What to vary next, in words: kinds of act and of recipient none of the last eight acts had.
    fresh_categories: str = ""
    fresh_recipients: str = ""


def variety_note(*, user: User, act_id: int, local_date: date) -> VarietyNote | None:
    """The gentle note for a just-logged act that repeats one of the last three; two queries."""
    latest = list(
        KindnessAct.objects.filter(owner=user, pk__lte=act_id)
        .select_related("person")
        .order_by("-id")[: rules.VARIETY_WINDOW]
    )
    if not latest or latest[0].pk != act_id:
        return None
    act, previous = latest[0], latest[1:]
    repeat = rules.variety_repeat(_shape(act), [_shape(other) for other in previous])
    if not repeat:
        return None
    # "Other" is no suggestion; every named kind is.
    kinds = [value for value in Category.values if value != Category.OTHER]
    fresh_categories = rules.not_lately([a.category for a in latest], choices=kinds)
    fresh_recipients = rules.not_lately([a.recipient_kind for a in latest], choices=RecipientKind.values)
    avoid_categories = {act.category} if repeat.category else set()
    avoid_recipients = {act.recipient_kind} if repeat.recipient else set()
    alternatives = list(
        ideas_in_season(user=user, local_date=local_date)
        .exclude(category__in=avoid_categories)
        .exclude(recipient_kind__in=avoid_recipients)
        .order_by("id")
    )
    # Better still, an idea of a kind or for a recipient not seen lately.
    alternatives = [
        one
        for one in alternatives
        if one.category in fresh_categories or one.recipient_kind in fresh_recipients
    ] or alternatives
    idea = (
        alternatives[rules.day_seed(user.pk, local_date, act_id) % len(alternatives)]
        if alternatives
        else None
    )
    return VarietyNote(
        act=act,
        category=repeat.category,
        recipient=repeat.recipient,
        idea=idea,
        fresh_categories=rules.or_list([str(Category(value).label).lower() for value in fresh_categories]),
        fresh_recipients=rules.or_list(
            [str(RecipientKind(value).label).lower() for value in fresh_recipients]
        ),
    )


def _shape(act: KindnessAct) -> rules.ActShape:
    return rules.ActShape(category=act.category, recipient=act.recipient_key)


def idea_suggestion(*, user: User, local_date: date) -> KindnessIdea | None:
    """Today's suggestion: stable for the user all day, fresh in kind, not done in the last 90 days.

    "All day" is the user's local day (day-start hour included), so everything it reads is
    fixed before that day began: acts of earlier days only (doing today's suggestion does
    not swap it for another), and the user's own ideas written before the day's start (one
    added today joins tomorrow). Deleting another idea leaves it alone too (rules.suggestion_pick).
    """
    day_start, _ = clock.day_bounds(local_date, tz=user.tz, day_start_hour=user.day_start_hour)
    in_store = Q(owner__isnull=True) | Q(created_at__lt=day_start)
    ideas = list(ideas_in_season(user=user, local_date=local_date).filter(in_store).order_by("id"))
    recent = list(
        KindnessAct.objects.filter(owner=user, local_date__lt=local_date)
        .order_by("-local_date", "-id")
        .values_list("category", "recipient_kind")[: rules.VARIETY_WINDOW]
    )
    done = KindnessAct.objects.filter(
        owner=user,
        idea__isnull=False,
        local_date__gt=local_date - timedelta(days=rules.SUGGESTION_SKIP_DAYS),
        local_date__lt=local_date,
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
    variety: rules.VarietyFigure
    spread: dict[tuple[str, str], int]
    total: int
    people: list[Person] = field(default_factory=list)


def kindness_overview(*, user: User, local_date: date) -> Overview:
    """The /kindness/ page's figures in five queries, whatever the length of history; the log
    of acts is ``acts_page``."""
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
    # The variety figure reads the latest acts, whichever page of the log is shown; only what
    # it compares is loaded (no words are decrypted for it).
    latest = KindnessAct.objects.filter(owner=user).order_by("-local_date", "-id")
    recent = [
        _shape(act) for act in latest.only("category", "person", "recipient_kind")[: rules.VARIETY_WINDOW]
    ]
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
        variety=rules.variety_figure(recent),
        spread=spread,
        total=sum(per_day.values()),
        people=people_for_form(user=user),
    )


def acts_page(*, user: User, window: Window) -> Page[KindnessAct]:
    """One page of the user's log of acts, newest day first (``ACTS_PER_PAGE``), one query."""
    rows = list(keyset(KindnessAct.objects.filter(owner=user).select_related("person"), window))
    return page_from_rows(rows, window, key=lambda act: Key(day=act.local_date, tie=act.pk))


def person_timeline_entries(user: User, person: Person, window: Window) -> list[TimelineEntry]:
    """Acts done for ``person`` in ``window``, for the person page (one query)."""
    from people.timeline import TimelineEntry

    acts = keyset(KindnessAct.objects.filter(owner=user, person=person), window)
    return [
        TimelineEntry(
            key=Key(day=act.local_date, tie=act.pk),
            kind="kindness",
            title="A secret kindness" if act.is_secret else "A kindness (you told someone)",
            body=act.text,
            url=reverse("kindness:act", args=[act.pk]),
        )
        for act in acts
    ]


# --- Insights (read by insights/, the layer above) ----------------------------------


def acts_per_day(*, user: User) -> dict[date, int]:
    """How many acts each local day holds, over the whole history: one grouped query, so ten
    years cost the same single round trip as a month (a few thousand small rows at most)."""
    return dict(
        KindnessAct.objects.filter(owner=user)
        .order_by()
        .values("local_date")
        .annotate(n=Count("id"))
        .values_list("local_date", "n")
    )


@dataclass(frozen=True)
class SecretAct:
    """A secret act as the user's own monthly review recalls it: never shown to anyone else."""

    local_date: date
    text: str
    recipient: str


def secret_acts_between(*, user: User, start: date, end: date) -> list[SecretAct]:
    """The user's still-secret acts from ``start`` to ``end`` (both inclusive), oldest first. One query."""
    rows = (
        KindnessAct.objects.filter(owner=user, is_secret=True, local_date__range=(start, end))
        .order_by("local_date", "id")
        .values_list("local_date", "text", "person__name", "recipient_kind")
    )
    kinds = dict(RecipientKind.choices)
    return [
        SecretAct(local_date=day, text=text, recipient=name or str(kinds.get(kind, kind)))
        for day, text, name, kind in rows
    ]
