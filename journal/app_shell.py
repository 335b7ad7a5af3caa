"""The installed app's shell: the web app manifest, the service worker, the offline page, and
the door a note written offline comes in by.

None of them holds anything of a user: the manifest and the service worker are the same for
everyone, and the offline page is drawn as for a visitor even when asked signed in, because
the service worker keeps a copy of it on the device. The worker itself keeps only that page
and the hashed static files the page needs (templates/app_shell/sw.js); every other request
goes to the network as if it were not there.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat
from django.views.decorators.http import require_GET, require_POST

from accounts.models import AuthenticatedHttpRequest
from accounts.selectors import user_local_today
from compersion.lib import clock
from journal import services
from journal.forms import OfflineNoteForm
from journal.models import ITEM_MAX_LENGTH

# The static files the offline page uses; the worker stores these and nothing else.
OFFLINE_STATIC = (
    "css/app.css",
    "js/app.js",
    "img/icon.svg",
    "img/app-192.png",
)
PAPER = "#fbf7f2"  # --bg in static/css/app.css, light
INK_PAPER = "#1b1715"  # --bg in static/css/app.css, dark


def _manifest() -> dict[str, object]:
    return {
        "id": "/",
        "name": "Compersion",
        "short_name": "Compersion",
        "description": "A private journal for five good things a day, secret kindness, "
        "and joy in other people's joy.",
        "lang": "en",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": PAPER,
        "background_color": PAPER,
        "icons": [
            {"src": static("img/app-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("img/app-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("img/app-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
        "shortcuts": [
            {"name": "Today", "short_name": "Today", "url": reverse("home")},
            {"name": "Kindness", "short_name": "Kindness", "url": reverse("kindness:index")},
            {"name": "Feelings", "short_name": "Feelings", "url": reverse("feelings:index")},
        ],
    }


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(_manifest(), indent=1), content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    offline = reverse("offline")
    files = [offline, *(static(name) for name in OFFLINE_STATIC)]
    # A new list (a static file changed, so its hashed name did) is a new worker: browsers
    # install it, and it drops the caches of the one before.
    version = hashlib.blake2b("\n".join(files).encode(), digest_size=8).hexdigest()
    response = render(
        request,
        "app_shell/sw.js",
        {
            "files_json": json.dumps(files),
            "version_json": json.dumps(version),
            "offline_json": json.dumps(offline),
        },
        content_type="text/javascript",
    )
    # Browsers look for a new worker on each visit; none may be served from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the installed app shows with no network: no one's data, a place for one good thing."""
    return render(
        request, "app_shell/offline.html", {"user": AnonymousUser(), "item_max_length": ITEM_MAX_LENGTH}
    )


@login_required
@require_POST
def offline_note(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Add a note kept in the browser while offline to the five of the day it was written.

    Asked by static/js/app.js on the first signed-in page online. The answer is JSON with a
    sentence for the page (never the note's words): 201 when added (or added already, by the
    same token), 422 when it cannot be, and then the browser keeps the note and says why."""
    form = OfflineNoteForm(request.POST)
    if not form.is_valid():
        if "text" in form.errors and form["text"].value():
            reason = (
                f"it is longer than the {ITEM_MAX_LENGTH} characters an item holds. "
                "It is still kept in this browser."
            )
        else:
            reason = "it did not arrive whole. It is still kept in this browser."
        return JsonResponse({"message": f"Your note from offline could not be added: {reason}"}, status=422)
    user = request.user
    today = user_local_today(user=user)
    day = clock.local_day(form.written(), tz=user.tz, day_start_hour=user.day_start_hour)
    if clock.day_refusal(day, today=today) is not None:
        # A device clock that ran ahead (or a day the journal does not open): today.
        day = today
    try:
        services.gratitude_item_add(
            user=user,
            local_date=day,
            text=form.cleaned_data["text"],
            submission_token=form.cleaned_data["submission_token"],
        )
    except ValidationError as error:
        reason = " ".join(error.messages)
        message = f"Your note from offline could not be added: {reason} It is still kept in this browser."
        return JsonResponse({"message": message}, status=422)
    where = "today" if day == today else dateformat.format(day, "l j F Y")
    return JsonResponse(
        {"message": f"Your note from offline is now one of your five for {where}.", "today": day == today},
        status=201,
    )
