from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import AuthenticatedHttpRequest
from accounts.selectors import user_local_today
from compersion.lib.export import problems_grouped
from privacy import formats, schema
from privacy.forms import DeleteAccountForm, ImportForm
from privacy.services import ImportProblems, account_delete, account_import

# Distinct problems the import page lists; one repeated in many records counts once.
PROBLEMS_SHOWN = 20


@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/page.html")


@login_required
@require_GET
def export_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "privacy/export.html", {"version": schema.SCHEMA_VERSION})


def _download(
    request: AuthenticatedHttpRequest, chunks: Iterator[bytes], *, suffix: str, content_type: str
) -> StreamingHttpResponse:
    today = user_local_today(user=request.user)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="compersion-{today.isoformat()}.{suffix}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
@never_cache
def export_json(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    chunks = formats.export_json_chunks(user=request.user)
    return _download(request, chunks, suffix="json", content_type="application/json; charset=utf-8")


@login_required
@require_GET
@never_cache
def export_zip(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    return _download(
        request, formats.export_zip_chunks(user=request.user), suffix="zip", content_type="application/zip"
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        zone_before = request.user.time_zone
        try:
            result = account_import(user=request.user, document=form.document)
        except ImportProblems as error:
            problems = problems_grouped(error.problems)[:PROBLEMS_SHOWN]
        else:
            if result.total_added:
                added = ngettext("Imported %(n)d record.", "Imported %(n)d records.", result.total_added)
                messages.success(
                    request, f"{added % {'n': result.total_added}} Welcome back to your practice."
                )
            else:
                messages.success(
                    request, "Everything in that file was already here, so nothing new was added."
                )
            if request.user.time_zone != zone_before:
                # The file's settings came with it; a new zone moves what "today" is, so say so.
                messages.info(
                    request,
                    f"Your time zone is now {request.user.time_zone}, as in the file (it was {zone_before}). "
                    "You can change it in Settings.",
                )
            return redirect("privacy:import")
    status = 400 if problems or form.errors else 200
    return render(request, "privacy/import.html", {"form": form, "problems": problems}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted. Take good care.")
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "privacy/delete.html", {"form": form}, status=status)
