from __future__ import annotations

import importlib

from django.apps import apps

from feelings.models import CheckIn, Feeling, MetamourNote, Need, NeedsCheckIn
from feelings.services import checkin_create, metamour_note_add, needs_checkin_record
from feelings.vocabulary import FEELINGS, NEEDS
from people.models import PersonKind


def test_the_data_migration_seeds_every_team_word_once_and_can_run_again(db):
    Feeling.objects.filter(owner=None).delete()
    Need.objects.filter(owner=None).delete()
    migration = importlib.import_module("feelings.migrations.0002_seed_vocabulary")

    migration.seed(apps, None)
    migration.seed(apps, None)

    assert Feeling.objects.filter(owner=None).count() == len(FEELINGS) >= 40
    assert Need.objects.filter(owner=None).count() == len(NEEDS)
    assert Feeling.objects.get(owner=None, name="compersion").group == "warmth"


def test_deleting_a_person_keeps_the_users_history_without_the_link(user, make_person):
    jules = make_person(user)
    alex = make_person(user, "Alex", PersonKind.PARTNER)
    joy = Feeling.objects.get(owner=None, name="joy")
    checkin_create(user=user, intensities={joy: 5}, people=[jules, alex])
    needs_checkin_record(user=user, person=alex, score=4)
    metamour_note_add(user=user, person=jules, text="Sings in a choir")

    jules.delete()
    alex.delete()

    assert CheckIn.objects.get(owner=user).people.count() == 0
    assert NeedsCheckIn.objects.get(owner=user).person is None
    assert MetamourNote.objects.get(owner=user).person is None
