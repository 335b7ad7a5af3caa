from __future__ import annotations

import json
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
from privacy import formats, schema, selectors
from privacy.forms import AppImportForm, DeleteAccountForm, ImportForm, PreviewForm
from privacy.importers.formats import SOURCE_NAMES, Parsed
from privacy.models import IMPORT_STEPS, ImportPreview, ImportState
from privacy.services import (
    ImportBusy,
    ImportProblems,
    account_delete,
    account_import,
    import_in_background,
    import_preview_apply,
    import_preview_confirm,
    import_preview_create,
    import_preview_discard,
)
from privacy.tasks import import_preview_apply_task

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


# --- Importing from other apps ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_apps(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file from another app: it is read and kept (encrypted) for the preview; nothing
    is imported yet."""
    form = AppImportForm(request.POST, request.FILES) if request.method == "POST" else AppImportForm()
    if request.method == "POST" and form.is_valid() and form.parsed is not None:
        try:
            import_preview_create(user=request.user, parsed=form.parsed)
        except ImportBusy:
            messages.info(request, "Your last import is still running; here is how far it has got.")
        return redirect("privacy:import_apps_preview")
    waiting = selectors.import_preview_for(user=request.user)
    status = 400 if form.errors else 200
    return render(request, "privacy/import_apps.html", {"form": form, "waiting": waiting}, status=status)


def _preview_context(
    preview: ImportPreview, form: PreviewForm | None, parsed: Parsed | None
) -> dict[str, object]:
    problems = json.loads(preview.problems) if preview.problems else []
    return {
        "preview": preview,
        "source": SOURCE_NAMES.get(preview.source, preview.source),
        "form": form,
        "parsed": parsed,
        "months": selectors.import_months(parsed) if parsed else [],
        "failures": problems,
        "checkins_added": preview.added.get("checkins", 0),
        "gratitude_added": preview.added.get("gratitude", 0),
        "people_added": preview.added.get("people", 0),
        "steps": IMPORT_STEPS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_apps_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the file will add, and the choices to make, then confirm; afterwards the import's
    progress (polled by htmx, or the Refresh link) and what it added."""
    preview = selectors.import_preview_for(user=request.user)
    if preview is None:
        return redirect("privacy:import_apps")
    if preview.state != ImportState.READY:
        context = _preview_context(preview, None, None)
        if request.htmx:
            return render(request, "privacy/import_apps_preview.html#progress", context)
        return render(request, "privacy/import_apps_preview.html", context)
    parsed = Parsed.from_json(json.loads(preview.payload))
    data = request.POST if request.method == "POST" else None
    form = PreviewForm(data, parsed=parsed, user=request.user)
    if request.method == "POST" and form.is_valid():
        if import_preview_confirm(user=request.user, preview=preview, choices=form.choices()):
            if import_in_background(preview=preview):
                import_preview_apply_task.delay_on_commit(preview_id=preview.pk)  # type: ignore[attr-defined]
            else:
                import_preview_apply(preview_id=preview.pk)
        return redirect("privacy:import_apps_preview")
    status = 400 if form.errors else 200
    return render(
        request, "privacy/import_apps_preview.html", _preview_context(preview, form, parsed), status=status
    )


@login_required
@require_http_methods(["POST"])
def import_apps_discard(request: AuthenticatedHttpRequest) -> HttpResponse:
    import_preview_discard(user=request.user)
    messages.info(request, "That file is forgotten; nothing from it was imported.")
    return redirect("privacy:import_apps")
