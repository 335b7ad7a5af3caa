"""Everything that reads feelings data. Every selector takes the user and filters by them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import CharField, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.models import ReminderKind, ReminderSchedule, User
from accounts.selectors import reminder_weekday, user_local_today
from compersion.lib import clock
from compersion.lib.paging import Key, Page, Window, keyset, keyset_filter, keyset_order, page_from_rows
from feelings import charts
from feelings.models import (
    DEFAULT_NEEDS_WEEKDAY,
    CheckIn,
    CheckInFeeling,
    Feeling,
    LifeArea,
    MetamourNote,
    Need,
    NeedsCheckIn,
    VicariousJoy,
)
from feelings.vocabulary import FEELING_GROUPS
from people import selectors as people_selectors
from people.models import Person, PersonKind
from people.selectors import people_choices_for_user
from people.timeline import TimelineEntry

PARTNER_KINDS = [PersonKind.PARTNER, PersonKind.NESTING_PARTNER]
DEFAULT_CHART_FEELINGS = ["compersion", "jealousy"]
CHART_PERIODS = {30: "The last 30 days", 90: "The last 90 days", 365: "The last year"}
DEFAULT_CHART_DAYS = 90
MAX_CHART_FEELINGS = 6
CHECKINS_PER_PAGE = 10
JOYS_PER_PAGE = 20


# --- Vocabulary -------------------------------------------------------------


def feelings_for_user(*, user: User) -> QuerySet[Feeling]:
    """The team's vocabulary and the user's own words, never anyone else's."""
    return Feeling.objects.filter(Q(owner=None) | Q(owner=user)).order_by("name", "id")


def needs_for_user(*, user: User) -> QuerySet[Need]:
    return Need.objects.filter(Q(owner=None) | Q(owner=user)).order_by("name", "id")


def feelings_grouped(feelings: list[Feeling]) -> list[tuple[str, list[Feeling]]]:
    """Feelings under their group labels, groups in vocabulary order, names alphabetical within."""
    labels = dict(FEELING_GROUPS)
    by_group: dict[str, list[Feeling]] = {key: [] for key, _ in FEELING_GROUPS}
    for feeling in sorted(feelings, key=lambda f: f.name):
        by_group.setdefault(feeling.group, []).append(feeling)
    return [(labels.get(key, key), items) for key, items in by_group.items() if items]


def own_feeling_for_user(*, user: User, feeling_id: int) -> Feeling:
    return get_object_or_404(Feeling, pk=feeling_id, owner=user)


def own_need_for_user(*, user: User, need_id: int) -> Need:
    return get_object_or_404(Need, pk=need_id, owner=user)


# --- People -----------------------------------------------------------------


def people_for_user(*, user: User) -> QuerySet[Person]:
    """Active people for pickers; the people app decides what "active" means."""
    return people_choices_for_user(user=user)


def partners_for_user(*, user: User) -> QuerySet[Person]:
    return people_for_user(user=user).filter(kind__in=PARTNER_KINDS)


def person_for_user(*, user: User, person_id: int) -> Person:
    return people_selectors.person_for_user(user=user, person_id=person_id)


# --- Check-ins ----------------------------------------------------------------


def _checkins(user: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(owner=user).prefetch_related("feelings__feeling", "people", "needs")


def checkin_for_user(*, user: User, checkin_id: int) -> CheckIn:
    return get_object_or_404(_checkins(user), pk=checkin_id)


def checkin_for_user_even_removed(*, user: User, checkin_id: int) -> CheckIn:
    """The user's check-in, live or removed (not yet purged): for Remove and its Undo."""
    return get_object_or_404(CheckIn.with_removed, pk=checkin_id, owner=user)


def checkins_page(*, user: User, window: Window) -> Page[CheckIn]:
    """One page of the user's check-ins, newest day first (``CHECKINS_PER_PAGE`` a page): one
    query for the rows and three for their feelings and people, whichever page it is."""
    rows = list(keyset(_checkins(user), window))
    return page_from_rows(rows, window, key=lambda checkin: Key(day=checkin.local_date, tie=checkin.pk))


def feeling_series(
    *, user: User, names: list[str], start: date, end: date, person: Person | None = None
) -> list[charts.Series]:
    """Daily mean intensity of each named feeling between ``start`` and ``end``, one query."""
    # Reached through a join, so removed check-ins are left out by hand (compersion.lib.removal).
    rows = CheckInFeeling.objects.filter(
        checkin__owner=user,
        checkin__local_date__range=(start, end),
        checkin__removed_at=None,
        feeling__name__in=names,
    ).filter(Q(feeling__owner=None) | Q(feeling__owner=user))
    if person is not None:
        rows = rows.filter(checkin__people=person)
    means = charts.daily_means(rows.values_list("checkin__local_date", "feeling__name", "intensity"))
    return [charts.Series(label=name, points=means.get(name, [])) for name in names]


def co_occurrence(*, user: User, start: date, end: date) -> list[tuple[str, int]]:
    """The pairs of feelings most often present in the same check-in, most frequent first."""
    rows = CheckInFeeling.objects.filter(
        checkin__owner=user, checkin__local_date__range=(start, end), checkin__removed_at=None
    ).values_list("checkin_id", "feeling__name")
    by_checkin: dict[int, list[str]] = {}
    for checkin_id, name in rows:
        by_checkin.setdefault(checkin_id, []).append(name)
    return charts.top_pairs(charts.co_occurrence_counts(by_checkin.values()))


# --- Vicarious joy --------------------------------------------------------------


def joy_for_user(*, user: User, joy_id: int) -> VicariousJoy:
    return get_object_or_404(VicariousJoy, pk=joy_id, owner=user)


def joy_for_user_even_removed(*, user: User, joy_id: int) -> VicariousJoy:
    return get_object_or_404(VicariousJoy.with_removed, pk=joy_id, owner=user)


def joys_page(*, user: User, window: Window) -> Page[VicariousJoy]:
    """One page of the user's vicarious joys, newest day first (``JOYS_PER_PAGE``), one query."""
    rows = list(keyset(VicariousJoy.objects.filter(owner=user).select_related("person"), window))
    return page_from_rows(rows, window, key=lambda joy: Key(day=joy.local_date, tie=joy.pk))


def joys_per_week(*, user: User, local_date: date, weeks: int = 12) -> list[tuple[date, int]]:
    first = clock.week_start(local_date) - timedelta(weeks=weeks - 1)
    days = VicariousJoy.objects.filter(owner=user, local_date__range=(first, local_date)).values_list(
        "local_date", flat=True
    )
    return charts.weekly_counts(days, last_week=local_date, weeks=weeks)


# --- Needs ------------------------------------------------------------------------


def needs_weekday(*, user: User) -> int:
    """The user's needs check-in day, kept on their needs reminder's schedule row."""
    return reminder_weekday(user=user, kind=ReminderKind.NEEDS)


def needs_checkin_due(*, user: User, local_date: date) -> bool:
    """Whether ``local_date`` (the user's own day) is their needs day and a partner is still unasked."""
    if local_date.weekday() != needs_weekday(user=user):
        return False
    return _partners_unanswered(user=user, local_date=local_date).exists()


def _partners_unanswered(*, user: User, local_date: date) -> QuerySet[Person]:
    answered = NeedsCheckIn.objects.filter(owner=user, person=OuterRef("pk"), local_date=local_date)
    return partners_for_user(user=user).filter(~Exists(answered))


def needs_trends(*, user: User, start: date, end: date) -> dict[int, list[tuple[date, float]]]:
    """Per partner id, their 1–5 answers over time. One query."""
    trends: dict[int, list[tuple[date, float]]] = {}
    rows = (
        NeedsCheckIn.objects.filter(owner=user, local_date__range=(start, end))
        .order_by("local_date")
        .values_list("person_id", "local_date", "score")
    )
    for person_id, day, score in rows:
        trends.setdefault(person_id, []).append((day, float(score)))
    return trends


def needs_trend_context(*, user: User, partners: list[Person], local_date: date) -> dict[str, Any]:
    """Half a year of weekly answers, one line per partner on one chart. One query."""
    start = local_date - timedelta(weeks=26)
    trends = needs_trends(user=user, start=start, end=local_date)
    series = [charts.Series(label=p.name, points=trends.get(p.pk, [])) for p in partners]
    return {
        "trend_series": series,
        "trend_chart": charts.line_chart(
            series=series,
            start=start,
            end=local_date,
            y_max=5,
            title="How met your needs have felt, per partner",
            desc=charts.describe_series(series, unit="answers"),
            chart_id="needs-trend",
        ),
        "trend_legend": charts.legend(series),
    }


def needs_answers_on(*, user: User, local_date: date) -> dict[int, NeedsCheckIn]:
    answers = NeedsCheckIn.objects.filter(owner=user, local_date=local_date, person__isnull=False)
    return {a.person_id: a for a in answers if a.person_id is not None}


# --- Metamours ----------------------------------------------------------------------


def metamour_notes(*, user: User, person: Person) -> list[MetamourNote]:
    return list(MetamourNote.objects.filter(owner=user, person=person))


def metamour_note_for_user(*, user: User, note_id: int) -> MetamourNote:
    return get_object_or_404(MetamourNote.objects.select_related("person"), pk=note_id, owner=user)


def metamour_note_for_user_even_removed(*, user: User, note_id: int) -> MetamourNote:
    return get_object_or_404(MetamourNote.with_removed, pk=note_id, owner=user)


# --- Today ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CardJoy:
    """A joy as the Today card shows it: who it was for, and what happened."""

    who_label: str
    what_happened: str


@dataclass(frozen=True)
class TodayCard:
    joys_this_week: list[CardJoy]
    needs_due: bool
    partners_to_ask: list[Person]
    local_date: date


def _needs_weekday_subquery(user: User) -> Subquery:
    """The needs weekday (on the user's needs reminder row) as a subquery, to ride along on rows."""
    return Subquery(ReminderSchedule.objects.filter(user=user, kind=ReminderKind.NEEDS).values("weekday")[:1])


def today_card(*, user: User, local_date: date) -> TodayCard:
    """What the feelings card on Today shows: one query when there are joys this week, two
    without, and one more on the needs day to ask which partners are still unasked.

    Only what it shows is read (each joy's other fields and each person's notes would be
    decrypted for nothing), and the user's needs weekday rides along on the joy rows; without
    joys it is read on its own, which is cheaper than reading the partners on the six days
    that do not need them."""
    joy_rows = list(
        VicariousJoy.objects.filter(owner=user, local_date__range=(clock.week_start(local_date), local_date))
        .annotate(needs_weekday=_needs_weekday_subquery(user))
        .values_list("person_id", "person__name", "who", "what_happened", "needs_weekday")
    )
    if joy_rows:
        needs_day = DEFAULT_NEEDS_WEEKDAY if joy_rows[0][4] is None else joy_rows[0][4]
    else:
        needs_day = needs_weekday(user=user)
    partners = (
        _card_partners_unasked(user=user, local_date=local_date) if local_date.weekday() == needs_day else []
    )
    joys = [
        # As VicariousJoy.who_label: the person's name when the joy is about one of the user's people.
        CardJoy(who_label=name if person_id is not None else who, what_happened=what)
        for person_id, name, who, what, _ in joy_rows
    ]
    return TodayCard(
        joys_this_week=joys, needs_due=bool(partners), partners_to_ask=partners, local_date=local_date
    )


def _card_partners_unasked(*, user: User, local_date: date) -> list[Person]:
    """The user's active partners not yet asked about their needs on ``local_date``."""
    rows = _partners_unanswered(user=user, local_date=local_date).values_list("id", "name")
    return [Person(id=pk, owner_id=user.pk, name=name) for pk, name in rows]


def person_section_context(*, user: User, person: Person) -> dict[str, Any]:
    """For a metamour: what the user has learned, and compersion and jealousy in check-ins
    about them (feelings/includes/metamour.html; the view adds the note form)."""
    if not person.is_metamour:
        return {"is_metamour": False}
    today = user_local_today(user=user)
    start = today - timedelta(days=364)
    series = feeling_series(user=user, names=DEFAULT_CHART_FEELINGS, start=start, end=today, person=person)
    return {
        "is_metamour": True,
        "notes": metamour_notes(user=user, person=person),
        "series": series,
        "chart": charts.line_chart(
            series=series,
            start=start,
            end=today,
            y_max=10,
            title=f"Compersion and jealousy in check-ins about {person.name}",
            desc=charts.describe_series(series),
            chart_id=f"metamour-{person.pk}",
        ),
        "legend": charts.legend(series),
    }


def chart_page_context(*, user: User, local_date: date, names: list[str], days: int) -> dict[str, Any]:
    """The charts page: chosen feelings over time, pairs felt together, joys per week. Four queries."""
    days = days if days in CHART_PERIODS else DEFAULT_CHART_DAYS
    vocabulary = list(feelings_for_user(user=user))
    known = {f.name for f in vocabulary}
    chosen = [name for name in dict.fromkeys(names) if name in known][:MAX_CHART_FEELINGS]
    chosen = chosen or DEFAULT_CHART_FEELINGS
    start = local_date - timedelta(days=days - 1)
    series = feeling_series(user=user, names=chosen, start=start, end=local_date)
    pairs = co_occurrence(user=user, start=start, end=local_date)
    weeks = joys_per_week(user=user, local_date=local_date)
    return {
        "vocabulary": vocabulary,
        "chosen": chosen,
        "days": days,
        "periods": CHART_PERIODS,
        "series": series,
        "over_time": charts.line_chart(
            series=series,
            start=start,
            end=local_date,
            y_max=10,
            title="Feelings over time: " + charts.in_words(chosen),
            desc=charts.describe_series(series),
            chart_id="over-time",
        ),
        "legend": charts.legend(series),
        "pairs": pairs,
        "pairs_chart": charts.bar_chart(
            bars=pairs,
            title="Feelings that most often appear together",
            desc="; ".join(
                label + ": " + ngettext("%(n)d check-in", "%(n)d check-ins", n) % {"n": n}
                for label, n in pairs
            )
            or "No check-ins yet.",
            chart_id="together",
        ),
        "weeks": weeks,
        "weeks_chart": charts.column_chart(
            columns=weeks,
            title="Vicarious joys per week",
            desc="; ".join(f"week of {s:%-d %b}: {n}" for s, n in weeks),
            chart_id="joys-per-week",
        ),
    }


# --- The person page's timeline (journal/person_page.py) -------------------------


def person_timeline_checkin_entries(user: User, person: Person, window: Window) -> list[TimelineEntry]:
    # One query: the feelings of the window's check-ins about this person.
    checkins = keyset(CheckIn.objects.filter(owner=user, people=person), window)
    order = keyset_order(window, day_field="checkin__local_date", tie_field="checkin_id")
    rows = (
        CheckInFeeling.objects.filter(checkin__in=checkins.values("pk"))
        .order_by(*order, "feeling__name")
        .values_list(
            "checkin_id", "checkin__local_date", "checkin__what_happened", "feeling__name", "intensity"
        )
    )
    entries: dict[int, tuple[date, str, list[str]]] = {}
    for checkin_id, day, what, name, intensity in rows:
        entries.setdefault(checkin_id, (day, what, []))[2].append(f"{name} {intensity}")
    return [
        TimelineEntry(
            key=Key(day=day, tie=checkin_id),
            kind="feelings check-in",
            title=", ".join(names),
            body=what,
            url=reverse("feelings:checkin", kwargs={"checkin_id": checkin_id}),
        )
        for checkin_id, (day, what, names) in entries.items()
    ]


def person_timeline_joy_and_needs_entries(user: User, person: Person, window: Window) -> list[TimelineEntry]:
    """Vicarious joys for this person and needs answers about them in the window, in one query."""

    # One UNION keeps the person page's query count flat; the columns line up by position.
    # Each half drops Meta.ordering; the union is ordered once, as a whole. The two tables'
    # ids overlap, so each half's tie is its id doubled, plus one for needs: unique again.
    text: CharField[str, str] = CharField()
    joys = keyset_filter(
        VicariousJoy.objects.filter(owner=user, person=person).annotate(tie=F("id") * 2),
        window,
        tie_field="tie",
    )
    answers = keyset_filter(
        NeedsCheckIn.objects.filter(owner=user, person=person).annotate(tie=F("id") * 2 + 1),
        window,
        tie_field="tie",
    )
    joy_rows = (
        joys.annotate(entry_kind=Value("joy", output_field=text))
        .values_list("local_date", "tie", "what_happened", "joy", "area", "entry_kind")
        .order_by()
    )
    answer_rows = (
        answers.annotate(
            entry_area=Value("", output_field=text), entry_kind=Value("needs", output_field=text)
        )
        .values_list("local_date", "tie", "note", "score", "entry_area", "entry_kind")
        .order_by()
    )
    rows = joy_rows.union(answer_rows, all=True).order_by(*keyset_order(window, tie_field="tie"))
    areas = dict(LifeArea.choices)
    entries = []
    for day, tie, words, number, area, kind in rows[: window.size + 1]:
        key = Key(day=day, tie=tie)
        if kind == "joy":
            title = f"Glad for their news ({areas.get(area, area).lower()}), joy {number} of 10"
            entries.append(TimelineEntry(key=key, kind="vicarious joy", title=title, body=words, url=None))
        else:
            entries.append(
                TimelineEntry(
                    key=key,
                    kind="needs check-in",
                    title=f"Needs met: {number} of 5",
                    body=words,
                    url=reverse("feelings:needs"),
                )
            )
    return entries


# --- Insights (read by insights/, the layer above) -----------------------------------

# (check-in id, local date, feeling name, intensity)
FeelingRow = tuple[int, date, str, int]


def checkin_feeling_rows(*, user: User) -> list[FeelingRow]:
    """Every feeling named in the user's live check-ins, oldest day first, in one query: only
    ids, dates, names and numbers (nothing the user wrote is read or decrypted)."""
    # Reached through a join, so removed check-ins are left out by hand (compersion.lib.removal).
    return list(
        CheckInFeeling.objects.filter(checkin__owner=user, checkin__removed_at=None)
        .order_by("checkin__local_date", "checkin_id")
        .values_list("checkin_id", "checkin__local_date", "feeling__name", "intensity")
    )


def checkin_people_rows(*, user: User) -> list[tuple[int, int]]:
    """(check-in id, person id) for every person the user's live check-ins are about. One query."""
    return list(
        CheckIn.people.through.objects.filter(checkin__owner=user, checkin__removed_at=None)
        .order_by()
        .values_list("checkin_id", "person_id")
    )


def joy_days(*, user: User) -> list[date]:
    """The local day of each of the user's vicarious joys. One query."""
    return list(
        VicariousJoy.objects.filter(owner=user).order_by("local_date").values_list("local_date", flat=True)
    )


@dataclass(frozen=True)
class CirclePerson:
    """A partner or metamour as insights compares feelings about them."""

    id: int
    name: str
    kind: str
    first_note: date | None  # the first day the user noted something learned about a metamour

    @property
    def is_metamour(self) -> bool:
        return self.kind == PersonKind.METAMOUR


def partners_and_metamours(*, user: User) -> list[CirclePerson]:
    """The user's active partners and metamours, each with the day of their first live metamour
    note, in name order. One query."""
    first_note = Min(
        "metamour_notes__local_date",
        filter=Q(metamour_notes__owner=user, metamour_notes__removed_at=None),
    )
    rows = (
        people_for_user(user=user)
        .filter(kind__in=[*PARTNER_KINDS, PersonKind.METAMOUR])
        .annotate(first_note=first_note)
        .values_list("id", "name", "kind", "first_note")
    )
    return [CirclePerson(id=pk, name=name, kind=kind, first_note=first) for pk, name, kind, first in rows]
