"""A check-in can name several needs: the form, the pages, the migration from one need, and
export and import (old files with one "need" still read)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from feelings.models import CheckIn, Feeling, Need
from feelings.services import checkin_create, checkin_reflect, need_own_add
from privacy.schema import validate
from privacy.selectors import export_document
from privacy.services import account_import
from tests.factories import UserFactory


def team(name: str) -> Feeling:
    return Feeling.objects.get(owner=None, name=name)


def team_need(name: str) -> Need:
    return Need.objects.get(owner=None, name=name)


def test_a_check_in_names_two_needs_and_shows_both(me: Client, user):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 5})
    url = reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk})
    chosen = [team_need("reassurance").pk, team_need("connection").pk]

    response = me.post(
        url, {"needs": chosen, "own_need": "Slow mornings", "need_met": "partly", "action": ""}
    )

    assert response.status_code == 302
    assert sorted(n.name for n in checkin.needs.all()) == ["connection", "reassurance", "slow mornings"]
    page = me.get(reverse("feelings:checkin", kwargs={"checkin_id": checkin.pk})).content.decode()
    assert "The needs underneath" in page
    # Each need's name is isolated for right-to-left text, as every user-written word is.
    assert (
        "<bdi>Connection</bdi>, <bdi>Reassurance</bdi>, <bdi>Slow mornings</bdi>: being met? partly." in page
    )
    listing = me.get(reverse("feelings:index")).content.decode()
    assert (
        "Needs underneath: <bdi>connection</bdi>, <bdi>reassurance</bdi>, <bdi>slow mornings</bdi> (partly)"
        in listing
    )


def test_the_form_comes_back_with_the_needs_already_named(me: Client, user):
    checkin = checkin_create(user=user, intensities={team("envy"): 3})
    checkin_reflect(
        checkin=checkin, needs=[team_need("rest"), team_need("security")], need_met="no", action=""
    )

    html = me.get(reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk})).content.decode()

    checked = re.findall(r'<input type="checkbox" name="needs" value="(\d+)"[^>]*checked', html)
    assert sorted(map(int, checked)) == sorted([team_need("rest").pk, team_need("security").pk])


def test_choosing_none_clears_the_needs(me: Client, user):
    checkin = checkin_create(user=user, intensities={team("envy"): 3})
    checkin_reflect(checkin=checkin, needs=[team_need("rest")], need_met="no", action="")

    me.post(reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk}), {"need_met": "", "action": ""})

    assert not checkin.needs.exists()


def test_someone_elses_need_is_refused_even_among_ones_own(them: Client, user, other_user):
    secret = need_own_add(user=user, name="quiet mornings")
    checkin = checkin_create(user=other_user, intensities={team("joy"): 3})
    url = reverse("feelings:reflect", kwargs={"checkin_id": checkin.pk})

    response = them.post(url, {"needs": [team_need("rest").pk, secret.pk]})

    assert response.status_code == 400
    assert not checkin.needs.exists()


def test_export_and_import_carry_several_needs(user):
    mine = need_own_add(user=user, name="Slow mornings")
    checkin = checkin_create(user=user, intensities={team("jealousy"): 5})
    checkin_reflect(checkin=checkin, needs=[team_need("rest"), mine], need_met="yes", action="")
    document = export_document(user=user)
    (record,) = document["checkins"]
    assert record["needs"] == ["rest", "slow mornings"] and "need" not in record
    assert validate(document) == []

    fresh = UserFactory.create()
    account_import(user=fresh, document=document)

    imported = CheckIn.objects.get(owner=fresh)
    assert sorted((n.name, n.owner_id) for n in imported.needs.all()) == [
        ("rest", None),
        ("slow mornings", fresh.pk),
    ]


def test_an_older_file_with_one_need_still_imports(user):
    checkin = checkin_create(user=user, intensities={team("jealousy"): 5})
    checkin_reflect(checkin=checkin, needs=[team_need("rest")], need_met="yes", action="")
    document = export_document(user=user)
    for record in document["checkins"]:  # as files were written before several needs
        record["need"] = record.pop("needs")[0]
    document["checkins"].append({**document["checkins"][0], "created_at": "2020-01-01T10:00:00Z"})
    document["checkins"][-1]["need"] = None
    assert validate(document) == []

    fresh = UserFactory.create()
    account_import(user=fresh, document=document)

    named = {c.created_at: [n.name for n in c.needs.all()] for c in CheckIn.objects.filter(owner=fresh)}
    assert sorted(named.values()) == [[], ["rest"]]
    assert named[datetime(2020, 1, 1, 10, tzinfo=UTC)] == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_check_ins_one_need_into_its_needs():
    before, after = (
        [("feelings", "0006_removal_with_undo")],
        [("feelings", "0007_checkin_names_many_needs")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = old.get_model("accounts", "User").objects.create(email="old@example.com", time_zone="UTC")
    need = old.get_model("feelings", "Need").objects.create(name="old-need")
    OldCheckIn = old.get_model("feelings", "CheckIn")
    with_need = OldCheckIn.objects.create(owner=owner, local_date="2026-01-01", time_zone="UTC", need=need)
    without = OldCheckIn.objects.create(owner=owner, local_date="2026-01-02", time_zone="UTC")

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    new = executor.loader.project_state(after).apps
    NewCheckIn = new.get_model("feelings", "CheckIn")
    assert [n.name for n in NewCheckIn.objects.get(pk=with_need.pk).needs.all()] == ["old-need"]
    assert not NewCheckIn.objects.get(pk=without.pk).needs.exists()
    call_command("migrate", verbosity=0)  # leave the database as every other test expects it
