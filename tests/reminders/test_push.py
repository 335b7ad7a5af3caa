"""Push reminders: the settings views, the channel choice, and sending through a push service
running in this process (tests/push_service.py), which decrypts what it is sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import PushSubscription, ReminderChannel, ReminderKind, ReminderSchedule, User
from accounts.services import push_subscription_save, reminder_schedules_sync
from compersion.lib.keys import vapid_keys
from journal.prompts import PROMPTS
from journal.services import gratitude_item_add
from reminders.models import Channel, DeliveryStatus, ReminderDelivery
from reminders.push import browser_label
from reminders.services import reminders_skip_today, reminders_unsubscribe
from reminders.tasks import reminders_dispatch
from tests.factories import UserFactory
from tests.push_service import LocalPushService, Subscription, run_push_service

# 20:00 in Berlin on 10 June 2026 is 18:00 UTC.
BERLIN_EIGHT_PM = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)
SECRET = "Jo held my hand at the clinic and said nothing, which was everything"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
NO_PUSH = override_settings(VAPID_PRIVATE_KEY="", VAPID_PUBLIC_KEY="")


@pytest.fixture
def push_service() -> Iterator[LocalPushService]:
    yield from run_push_service(settings.VAPID_PUBLIC_KEY)


@pytest.fixture
def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def browser_subscription(endpoint: str = "https://push.example.net/send/abc123") -> dict[str, object]:
    """What ``PushSubscription.toJSON()`` gives a page, with keys a browser could have made."""
    device = LocalPushService(application_server_key="").subscribe()
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": device.p256dh, "auth": device.auth},
    }


def subscribe(client: Client, body: object, **headers: str) -> object:
    return client.post(
        reverse("reminders:push_subscribe"),
        data=json.dumps(body),
        content_type="application/json",
        headers={"User-Agent": FIREFOX_ANDROID, **headers},
    )


def device_for(user: User, service: LocalPushService) -> Subscription:
    subscription = service.subscribe()
    push_subscription_save(
        user=user,
        endpoint=subscription.endpoint,
        p256dh=subscription.p256dh,
        auth=subscription.auth,
        browser="Firefox on Android",
    )
    return subscription


def due_user(*, channel: str = ReminderChannel.PUSH, **fields: object) -> User:
    with time_machine.travel(BERLIN_EIGHT_PM - timedelta(hours=6), tick=False):
        user = UserFactory.create(reminder_time=time(20, 0), reminder_channel=channel, **fields)
        reminder_schedules_sync(user=user)
    return user


def dispatch(capture, *, now: datetime = BERLIN_EIGHT_PM) -> None:
    with time_machine.travel(now, tick=False), capture(execute=True):
        reminders_dispatch(now=now)


# --- Subscribing, listing, removing -----------------------------------------------------


@pytest.mark.django_db
def test_a_device_subscribes_once_however_often_it_sends_its_subscription(signed_in, user):
    body = browser_subscription()

    first = subscribe(signed_in, body)
    renewed = {**body, "keys": browser_subscription()["keys"]}  # the browser renewed its keys
    again = subscribe(signed_in, renewed)

    assert first.status_code == again.status_code == 201
    assert first.json() == {"next": "/settings/#push"}
    (device,) = PushSubscription.objects.filter(user=user)
    assert device.endpoint == body["endpoint"]
    assert device.p256dh == renewed["keys"]["p256dh"]
    assert device.browser == "Firefox on Android"


@pytest.mark.django_db
def test_the_endpoint_and_keys_are_stored_encrypted(signed_in, user):
    body = browser_subscription()
    subscribe(signed_in, body)

    with connection.cursor() as cursor:
        cursor.execute("SELECT endpoint, p256dh, auth FROM accounts_pushsubscription")
        stored = cursor.fetchone()
    raw = " ".join(stored)
    assert PushSubscription.objects.get().endpoint == body["endpoint"]
    for secret in (body["endpoint"], body["keys"]["p256dh"], body["keys"]["auth"]):
        assert secret not in raw


@pytest.mark.django_db
def test_subscribing_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert subscribe(client, browser_subscription()).status_code == 403
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "not a subscription",
        {"endpoint": "http://push.example.net/plain-http", "keys": browser_subscription()["keys"]},
        {"endpoint": "https://push.example.net/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}},
        {"endpoint": "https://push.example.net/x"},
    ],
)
def test_what_is_not_a_push_subscription_is_refused(signed_in, body):
    response = subscribe(signed_in, body)

    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_settings_list_my_devices_with_browser_and_last_use_and_not_anyone_elses(
    signed_in, user, other_user, push_service
):
    mine = device_for(user, push_service)
    PushSubscription.objects.filter(endpoint_digest__isnull=False).update(
        last_used_at=datetime(2026, 6, 10, 18, 0, tzinfo=UTC)
    )
    theirs = push_service.subscribe()
    push_subscription_save(
        user=other_user,
        endpoint=theirs.endpoint,
        p256dh=theirs.p256dh,
        auth=theirs.auth,
        browser="Edge on Windows",
    )

    page = signed_in.get(reverse("settings")).content.decode()

    assert "Turn on reminders on this device" in page
    assert "only once Compersion is on the Home Screen" in page
    devices = page[page.index('data-testid="push-devices"') :]
    assert "Firefox on Android" in devices
    assert "last reminded 10 Jun 2026, 20:00" in devices  # Berlin time
    assert "Edge on Windows" not in page
    assert mine.endpoint not in page  # the capability URL never reaches a page


@pytest.mark.django_db
def test_removing_a_device_forgets_it(signed_in, user, push_service):
    device_for(user, push_service)
    (device,) = PushSubscription.objects.filter(user=user)

    response = signed_in.post(reverse("reminders:push_remove", kwargs={"subscription_id": device.pk}))

    assert response.status_code == 302
    assert response["Location"] == "/settings/#push"
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_another_users_device_is_a_404_and_stays(signed_in, other_user, push_service):
    device_for(other_user, push_service)
    (theirs,) = PushSubscription.objects.all()

    response = signed_in.post(reverse("reminders:push_remove", kwargs={"subscription_id": theirs.pk}))

    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_push_pages_need_sign_in(client):
    assert subscribe(client, browser_subscription()).status_code == 302
    assert client.post(reverse("reminders:push_remove", kwargs={"subscription_id": 1})).status_code == 302
    assert client.get(reverse("reminders:not_today")).status_code == 302


@pytest.mark.django_db
def test_without_vapid_keys_push_is_not_offered_and_the_page_says_why(signed_in, user):
    with NO_PUSH:
        page = signed_in.get(reverse("settings")).content.decode()
        response = subscribe(signed_in, browser_subscription())

    assert re.search(r"not set up on this\s+server", page)
    assert "Turn on reminders on this device" not in page
    assert 'name="reminder_channel"' not in page
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_channel_is_chosen_in_the_reminders_section(signed_in, user):
    form = {"reminders_enabled": "on", "reminder_time": "20:00", "daily": "on", "last_chance_hours": "2"}
    form |= {"kindness_weekday": "2"}

    assert user.reminder_channel == ReminderChannel.EMAIL  # what everyone had before push
    signed_in.post(reverse("accounts:reminder_preferences"), {**form, "reminder_channel": "both"})
    user.refresh_from_db()
    assert user.reminder_channel == ReminderChannel.BOTH
    # A form without the choice (push not offered) leaves it as it was.
    signed_in.post(reverse("accounts:reminder_preferences"), form)
    user.refresh_from_db()
    assert user.reminder_channel == ReminderChannel.BOTH
    page = signed_in.get(reverse("settings")).content.decode()
    assert re.search(r'name="reminder_channel" value="both"[^>]*checked', page)


# --- Sending ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_push_reminder_is_decrypted_by_the_device_and_holds_nothing_private(
    push_service, django_capture_on_commit_callbacks
):
    user = due_user(display_name="Robin Secret-Name")
    gratitude_item_add(user=user, local_date=date(2026, 6, 10), text=SECRET, now=BERLIN_EIGHT_PM)
    device = device_for(user, push_service)

    dispatch(django_capture_on_commit_callbacks)

    assert push_service.errors == []
    (message,) = push_service.received
    assert message.token == device.token
    payload = message.payload
    assert payload["title"] == "Time for today's five"
    assert payload["body"] in PROMPTS
    assert payload["url"] == "/"
    assert [action["title"] for action in payload["actions"]] == ["Not today", "Settings"]
    text = json.dumps(payload)
    for private in (SECRET, "Robin", "Secret-Name", user.email):
        assert private not in text
    assert message.headers["topic"] == payload["tag"]
    assert mail.outbox == []  # push only
    row = ReminderDelivery.objects.get(user=user)
    assert (row.channel, row.status) == (Channel.PUSH, DeliveryStatus.SENT)
    assert PushSubscription.objects.get(user=user).last_used_at == BERLIN_EIGHT_PM


@pytest.mark.django_db
def test_both_channels_send_one_each_however_often_dispatch_runs(
    push_service, django_capture_on_commit_callbacks
):
    user = due_user(channel=ReminderChannel.BOTH)
    device_for(user, push_service)

    dispatch(django_capture_on_commit_callbacks)
    dispatch(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM + timedelta(seconds=30))
    # Something rewinds the schedule (a restore, a bug): the ledger still refuses a second day.
    ReminderSchedule.objects.filter(user=user, kind=ReminderKind.DAILY).update(
        next_fire_at=BERLIN_EIGHT_PM, next_local_date=date(2026, 6, 10)
    )
    dispatch(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM + timedelta(minutes=5))

    assert len(mail.outbox) == 1
    assert push_service.count() == 1
    assert sorted(ReminderDelivery.objects.values_list("channel", "status")) == [
        (Channel.EMAIL, DeliveryStatus.SENT),
        (Channel.PUSH, DeliveryStatus.SENT),
    ]


@pytest.mark.django_db
def test_push_with_no_device_left_falls_back_to_email(django_capture_on_commit_callbacks):
    user = due_user(channel=ReminderChannel.PUSH)

    dispatch(django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[user.email]]
    assert ReminderDelivery.objects.get(user=user).channel == Channel.EMAIL


@pytest.mark.django_db
def test_push_stays_quiet_once_todays_five_are_done(push_service, django_capture_on_commit_callbacks):
    user = due_user(channel=ReminderChannel.PUSH)
    device_for(user, push_service)
    for n in range(5):
        gratitude_item_add(
            user=user,
            local_date=date(2026, 6, 10),
            text=f"a specific kind thing number {n}",
            relational=n == 0,
            now=BERLIN_EIGHT_PM - timedelta(hours=1),
        )

    dispatch(django_capture_on_commit_callbacks)

    assert push_service.received == []
    row = ReminderDelivery.objects.get(user=user)
    assert (row.status, row.reason) == (DeliveryStatus.SKIPPED, "today's five are done")


@pytest.mark.django_db
def test_a_device_the_push_service_calls_gone_is_forgotten(push_service, django_capture_on_commit_callbacks):
    user = due_user()
    gone = device_for(user, push_service)
    kept = device_for(user, push_service)
    push_service.answers[gone.token] = 410

    dispatch(django_capture_on_commit_callbacks)

    assert [message.token for message in push_service.received] == [kept.token]
    (left,) = PushSubscription.objects.filter(user=user)
    assert left.endpoint == kept.endpoint
    assert ReminderDelivery.objects.get(user=user).status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_a_busy_push_service_is_retried_later_like_email(push_service, django_capture_on_commit_callbacks):
    user = due_user()
    device = device_for(user, push_service)
    push_service.answers[device.token] = 503

    dispatch(django_capture_on_commit_callbacks)

    row = ReminderDelivery.objects.get(user=user)
    assert (row.status, row.attempts, row.enqueued_at) == (DeliveryStatus.QUEUED, 1, None)
    assert row.available_at == BERLIN_EIGHT_PM + timedelta(minutes=1)
    assert PushSubscription.objects.filter(user=user).exists()
    # A minute later the service is back; the sweeper queues the row and it goes once.
    del push_service.answers[device.token]
    dispatch(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM + timedelta(minutes=2))
    assert push_service.per_token() == {device.token: 1}
    assert ReminderDelivery.objects.get(user=user).status == DeliveryStatus.SENT


# --- Unsubscribe and "Not today" -------------------------------------------------------


@pytest.mark.django_db
def test_the_email_unsubscribe_turns_off_email_only(user):
    user.reminder_channel = ReminderChannel.BOTH
    user.save()

    reminders_unsubscribe(user=user)

    user.refresh_from_db()
    assert (user.reminders_enabled, user.reminder_channel) == (True, ReminderChannel.PUSH)


@pytest.mark.django_db
def test_not_today_asks_then_quiets_the_rest_of_todays_reminders(
    client, push_service, django_capture_on_commit_callbacks
):
    user = due_user(channel=ReminderChannel.BOTH)
    device_for(user, push_service)
    client.force_login(user)

    with time_machine.travel(BERLIN_EIGHT_PM - timedelta(hours=1), tick=False):
        page = client.get(reverse("reminders:not_today"))
        assert ReminderDelivery.objects.count() == 0  # opening the page changes nothing
        response = client.post(reverse("reminders:not_today"))
    dispatch(django_capture_on_commit_callbacks)

    assert page.status_code == 200
    assert "No more reminders today" in page.content.decode()
    assert response.status_code == 302
    assert push_service.received == [] and mail.outbox == []
    statuses = set(ReminderDelivery.objects.values_list("local_date", "status", "reason"))
    assert statuses == {(date(2026, 6, 10), DeliveryStatus.SKIPPED, "not today")}
    # Tomorrow comes as usual.
    dispatch(django_capture_on_commit_callbacks, now=BERLIN_EIGHT_PM + timedelta(days=1))
    assert push_service.count() == 1


@pytest.mark.django_db
def test_not_today_after_the_reminder_went_quiets_what_is_still_queued(user):
    with time_machine.travel(BERLIN_EIGHT_PM, tick=False):
        ReminderDelivery.objects.create(
            user=user,
            kind=ReminderKind.DAILY,
            channel=Channel.EMAIL,
            local_date=date(2026, 6, 10),
            time_zone="Europe/Berlin",
            due_at=BERLIN_EIGHT_PM,
            available_at=BERLIN_EIGHT_PM,
        )
        skipped = reminders_skip_today(user=user)

    assert skipped == date(2026, 6, 10)
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SKIPPED}
    assert ReminderDelivery.objects.count() == 4  # daily and last chance, email and push


# --- Keys and labels ----------------------------------------------------------------------


def test_a_vapid_public_key_that_does_not_match_the_private_key_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="not the public half"):
        vapid_keys(
            settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY[:-4] + "AAAA", name="VAPID_PRIVATE_KEY"
        )
    with pytest.raises(ImproperlyConfigured, match="not a P-256 private key"):
        vapid_keys("not-a-key", "", name="VAPID_PRIVATE_KEY")
    assert vapid_keys("", "", name="VAPID_PRIVATE_KEY") is None


def test_vapid_keys_create_prints_a_pair_that_belongs_together():
    out = StringIO()
    call_command("vapid_keys_create", "--print", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())

    assert vapid_keys(lines["VAPID_PRIVATE_KEY"], lines["VAPID_PUBLIC_KEY"], name="x") == (
        lines["VAPID_PRIVATE_KEY"],
        lines["VAPID_PUBLIC_KEY"],
    )


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        ("", "A browser"),
    ],
)
def test_a_device_is_named_by_browser_family_and_system_only(user_agent, label):
    assert browser_label(user_agent) == label
