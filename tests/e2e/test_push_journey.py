"""Push reminders in Chromium: in settings, a tap asks for notification permission, subscribes
and sends the subscription to the server; the device is then listed and can be removed.

The browser's own push service is the outside world here, so only ``pushManager.subscribe``
is replaced, with one that answers a subscription as a browser would, endpoint and keys.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import PushSubscription, User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENDPOINT = "https://push.example.net/wpush/v2/journey-device"
# A P-256 public key and a 16-byte auth secret, as a browser makes them.
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"

FAKE_SUBSCRIBE = f"""
// The page reloads to list the device: the calls are kept across it in sessionStorage.
PushManager.prototype.subscribe = function (options) {{
  const calls = JSON.parse(sessionStorage.getItem("pushSubscribeCalls") || "[]");
  calls.push({{
    userVisibleOnly: options.userVisibleOnly,
    keyLength: new Uint8Array(options.applicationServerKey).length,
  }});
  sessionStorage.setItem("pushSubscribeCalls", JSON.stringify(calls));
  const subscription = {{
    endpoint: "{ENDPOINT}",
    expirationTime: null,
    keys: {{ p256dh: "{P256DH}", auth: "{AUTH}" }},
  }};
  subscription.toJSON = () => ({{
    endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys,
  }});
  return Promise.resolve(subscription);
}};
"""


def test_a_tap_turns_on_push_for_this_device_which_is_listed_and_can_be_removed(
    live_server, context: BrowserContext, page: Page
) -> None:
    base = live_server.url
    user: User = UserFactory.create(time_zone="Pacific/Auckland")
    sign_in(context, user, base)
    context.grant_permissions(["notifications"], origin=base)
    page.add_init_script(FAKE_SUBSCRIBE)

    page.goto(base + "/settings/#push")
    expect(page.get_by_text("only once Compersion is on the Home Screen")).to_be_visible()
    expect(page.get_by_text("No device has push reminders on yet")).to_be_visible()
    page.get_by_role("button", name="Turn on reminders on this device").click()

    expect(page.get_by_role("status").filter(has_text="Reminders will pop up on this device")).to_be_visible()
    devices = page.get_by_test_id("push-devices")
    expect(devices).to_contain_text("Chrom")
    expect(devices).to_contain_text("not reminded yet")
    calls = page.evaluate("JSON.parse(sessionStorage.getItem('pushSubscribeCalls'))")
    assert calls == [{"userVisibleOnly": True, "keyLength": 65}]
    (device,) = PushSubscription.objects.filter(user=user)
    assert (device.endpoint, device.p256dh, device.auth) == (ENDPOINT, P256DH, AUTH)
    assert page.evaluate("Notification.permission") == "granted"
    assert_accessible(page, "settings with a push device")

    devices.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("No device has push reminders on yet")).to_be_visible()
    assert not PushSubscription.objects.filter(user=user).exists()
