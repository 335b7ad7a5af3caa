from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from accounts.models import AuthenticatedHttpRequest
from people.forms import PersonAddForm, PersonForm
from people.models import Person, PersonKind
from people.selectors import people_for_user, people_grouped, person_for_user
from people.services import person_archive, person_create, person_delete, person_unarchive, person_update


def _index_context(
    request: AuthenticatedHttpRequest, form: PersonAddForm, *, new_person: Person | None = None
) -> dict[str, Any]:
    # One query for everyone; archived people are few and shown apart.
    everyone = list(people_for_user(user=request.user, include_archived=True))
    active = [person for person in everyone if not person.is_archived]
    return {
        "form": form,
        "groups": people_grouped(active),
        "archived": [person for person in everyone if person.is_archived],
        "new_person": new_person,
    }


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PersonAddForm(request.POST)
        if form.is_valid():
            person = person_create(user=request.user, **form.cleaned_data)
            if request.htmx:
                context = _index_context(request, PersonAddForm(), new_person=person)
                context["status"] = f"{person.name} is now in your people."
                return render(request, "people/index.html#swap", context)
            messages.success(request, f"{person.name} is now in your people.")
            return redirect("people:index")
        context = _index_context(request, form)
        if request.htmx:
            # htmx swaps only 2xx answers by default; the errors must still show.
            context["status"] = "Not saved yet: please check the form."
            return render(request, "people/index.html#swap", context)
        return render(request, "people/index.html", context, status=400)
    kind = request.GET.get("kind", "")
    initial = {"kind": kind} if kind in PersonKind.values else {}
    return render(request, "people/index.html", _index_context(request, PersonAddForm(initial=initial)))


@login_required
def edit(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(user=request.user, person_id=person_id)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            person_update(person=person, **form.cleaned_data)
            messages.success(request, f"Saved your changes to {person.name}.")
            return redirect("people:detail", person_id=person.pk)
        # The form holds what was typed; the page heading keeps the saved name.
        return render(request, "people/edit.html", {"person": person, "form": form}, status=400)
    initial = {
        "name": person.name,
        "kind": person.kind,
        "kind_label": person.kind_label,
        "notes": person.notes,
    }
    return render(request, "people/edit.html", {"person": person, "form": PersonForm(initial=initial)})


@login_required
def archive(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    # Look the person up before checking the method, so another user's id is a 404 either way.
    person = person_for_user(user=request.user, person_id=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person_archive(person=person)
    messages.success(request, f"{person.name} is archived. Everything linked to them stays.")
    return redirect("people:detail", person_id=person.pk)


@login_required
def unarchive(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(user=request.user, person_id=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person_unarchive(person=person)
    messages.success(request, f"{person.name} is back in your people.")
    return redirect("people:detail", person_id=person.pk)


@login_required
def delete(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(user=request.user, person_id=person_id)
    if request.method == "POST":
        name = person.name
        person_delete(person=person)
        messages.success(request, f"{name} is deleted. What you wrote about them is still in your journal.")
        return redirect("people:index")
    return render(request, "people/delete.html", {"person": person})
