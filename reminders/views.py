from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import AuthenticatedHttpRequest
from accounts.selectors import client_address
from accounts.views import minutes_left
from reminders.selectors import user_for_unsubscribe_token
from reminders.services import reminder_unsubscribe_links_revoke, reminders_unsubscribe
from reminders.tasks import reminder_test_send


@login_required
@require_POST
def test_send(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    retry_at = reminder_test_send(user=request.user, client=client_address(request=request), now=now)
    if retry_at is not None:
        context = {"minutes": minutes_left(ends_at=retry_at, now=now)}
        return render(request, "reminders/test_send_limit.html", context, status=429)
    messages.success(request, f"A test reminder is on its way to {request.user.email}.")
    return redirect("settings")


@login_required
@require_POST
def unsubscribe_links_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    reminder_unsubscribe_links_revoke(user=request.user)
    messages.success(
        request, "The stop links in reminders already sent no longer work; new reminders carry new ones."
    )
    return redirect("settings")


# Mail clients POST here for one-click unsubscribe (RFC 8058) without a CSRF token;
# the encrypted token in the URL is what proves the request came from our email.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_unsubscribe_token(token=token)
    if user is None:
        # Forged, expired and revoked links get the same answer: nothing to learn by trying.
        return render(request, "reminders/unsubscribe_expired.html", status=404)
    if request.method == "POST":
        reminders_unsubscribe(user=user)
        return render(request, "reminders/unsubscribed.html", {"email": user.email})
    return render(request, "reminders/unsubscribe.html", {"token": token, "email": user.email})
