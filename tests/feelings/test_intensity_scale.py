"""The intensity control shows its 0–10 scale, and 0 means the feeling is not here."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from feelings.models import CheckIn, Feeling


def test_each_feeling_has_a_slider_from_0_to_10_with_0_5_and_10_written_under_it(me: Client):
    html = me.get(reverse("feelings:index")).content.decode()
    jealousy = Feeling.objects.get(owner=None, name="jealousy")
    slider = re.search(rf'<input type="range" name="feeling_{jealousy.pk}"[^>]*>', html)
    assert slider is not None
    for attribute in ('min="0"', 'max="10"', 'step="1"', 'value="0"', 'list="intensity-ticks"'):
        assert attribute in slider.group(0), attribute
    assert f'aria-describedby="id_feeling_{jealousy.pk}_definition"' in slider.group(0)
    # Under each slider: its ends and middle (the datalist below gives all eleven tick marks).
    scale = "<span>0</span><span>5</span><span>10</span>"
    assert (
        html.count(f'<div class="intensity-scale" aria-hidden="true">{scale}</div>')
        == Feeling.objects.filter(owner=None).count()
    )
    ticks = "".join(f'<option value="{n}"></option>' for n in range(11))
    assert f'<datalist id="intensity-ticks">{ticks}</datalist>' in html
    assert f'<output class="intensity-value" for="id_feeling_{jealousy.pk}"' in html
    assert "Leave the rest at 0." in html


def test_zero_means_not_here_and_all_zeros_asks_for_one_feeling(me: Client, user):
    feelings = list(Feeling.objects.filter(owner=None).order_by("name"))
    everything_zero = {f"feeling_{f.pk}": "0" for f in feelings}

    response = me.post(reverse("feelings:index"), everything_zero)
    assert response.status_code == 400
    assert "Give at least one feeling an intensity from 1 to 10." in response.content.decode()

    response = me.post(reverse("feelings:index"), {**everything_zero, f"feeling_{feelings[0].pk}": "7"})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(owner=user)
    assert [(f.feeling, f.intensity) for f in checkin.feelings.all()] == [(feelings[0], 7)]


def test_a_value_off_the_scale_is_refused_and_shown_back(me: Client):
    joy = Feeling.objects.get(owner=None, name="joy")
    response = me.post(reverse("feelings:index"), {f"feeling_{joy.pk}": "11"})
    assert response.status_code == 400
    assert "less than or equal to 10" in response.content.decode()
