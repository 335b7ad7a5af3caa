from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import AuthenticatedHttpRequest
from insights import charts, selectors, services, stats
from insights.forms import WellbeingForm
from insights.models import WHO5_ITEMS

MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    every_week = request.GET.get("weeks") == "all"
    page = selectors.insights_page(user=request.user, every_week=every_week)
    context: dict[str, Any] = {
        "page": page,
        "every_week": every_week,
        "rules": _rules(),
        "wellbeing_chart": charts.wellbeing_chart([(p.month, p.score) for p in page.wellbeing]),
        **charts.weekly_charts(page.weeks, page.names),
    }
    return render(request, "insights/index.html", context)


@login_required
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    today, insights = selectors.people_insights(user=request.user)
    entries = []
    for insight in insights:
        chart, legend = charts.person_chart(
            person_id=insight.person.id,
            name=insight.person.name,
            months=insight.months,
            since=insight.since,
            today=today,
        )
        entries.append({"insight": insight, "chart": chart, "legend": legend})
    return render(request, "insights/people.html", {"people": entries, "rules": _rules()})


def _rules() -> dict[str, object]:
    return {
        "window": stats.WINDOW_DAYS,
        "min_checkins": stats.MIN_CHECKINS,
        "min_named": stats.MIN_NAMED,
        "clear": stats.CLEAR_CHANGE,
        "who5_low": stats.WHO5_LOW,
        "who5_likely": stats.WHO5_LIKELY_DEPRESSION,
        "who5_change": stats.WHO5_CLEAR_CHANGE,
    }


@login_required
@require_http_methods(["GET", "POST"])
def wellbeing(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WellbeingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checkin = services.wellbeing_checkin_save(user=request.user, answers=form.answers())
        score = stats.who5_score(checkin.answers)
        messages.success(request, f"Saved. Your WHO-5 score for {checkin.month:%B %Y} is {score} of 100.")
        return redirect("insights:index")
    context = {"form": form, "statements": WHO5_ITEMS, "rules": _rules()}
    return render(request, "insights/wellbeing.html", context, status=400 if form.errors else 200)


def _month_from_query(value: str) -> date | None:
    """``YYYY-MM`` from the query string, or None for anything else (never an error)."""
    match = MONTH.match(value)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 9999 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


@login_required
def month(request: AuthenticatedHttpRequest) -> HttpResponse:
    review = selectors.month_review(user=request.user, month=_month_from_query(request.GET.get("month", "")))
    return render(request, "insights/month.html", {"review": review, "rules": _rules()})
