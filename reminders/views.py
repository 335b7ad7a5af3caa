from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import AuthenticatedHttpRequest
from accounts.selectors import client_address, push_subscription_for
from accounts.services import push_subscription_remove, push_subscription_save
from accounts.views import minutes_left
from reminders.forms import PushSubscriptionForm
from reminders.push import browser_label, push_enabled
from reminders.selectors import user_for_unsubscribe_token
from reminders.services import (
    reminder_unsubscribe_links_revoke,
    reminders_skip_today,
    reminders_unsubscribe,
)
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
        # Email only: someone with push as well keeps it.
        context = {"email": user.email, "push_still_on": user.reminders_enabled}
        return render(request, "reminders/unsubscribed.html", context)
    return render(request, "reminders/unsubscribe.html", {"token": token, "email": user.email})


@login_required
@require_POST
def push_subscribe(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keep this device's push subscription (JSON from the page's script, with the CSRF header).

    The same endpoint again updates its row, so a second tap or a browser that renewed its
    keys is one device, not two.
    """
    if not push_enabled():
        raise Http404("Push is not set up on this server.")
    data = None
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            data = None
    form = PushSubscriptionForm.from_json(data)
    if not form.is_valid():
        return JsonResponse({"message": "That is not a push subscription this server can use."}, status=400)
    browser = browser_label(request.headers.get("User-Agent", ""))
    push_subscription_save(user=request.user, browser=browser, **form.cleaned_data)
    messages.success(request, f"Reminders will pop up on this device ({browser}).")
    return JsonResponse({"next": reverse("settings") + "#push"}, status=201)


@login_required
def push_remove(request: AuthenticatedHttpRequest, subscription_id: int) -> HttpResponse:
    # The owner check comes first, so someone else's device is a 404 whatever the method.
    subscription = push_subscription_for(user=request.user, subscription_id=subscription_id)
    if request.method != "POST":
        return redirect(reverse("settings") + "#push")
    push_subscription_remove(subscription=subscription)
    messages.success(request, f"Reminders no longer go to {subscription.browser}.")
    return redirect(reverse("settings") + "#push")


# A notification's "Not today" opens this page: a real form, so a link from anywhere else
# cannot quiet someone's reminders without them pressing the button.
@login_required
def not_today(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        reminders_skip_today(user=request.user)
        messages.success(request, "No more reminders today. Tomorrow they come as usual.")
        return redirect("home")
    return render(request, "reminders/not_today.html")
