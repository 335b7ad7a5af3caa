"""Error mail is set up from DJANGO_ADMINS, or not at all (issue #12, item 16)."""

from __future__ import annotations

from tests.deploy.support import manage, production_env

SHOW_ADMINS = "from django.conf import settings; print(settings.ADMINS)"


def test_django_admins_names_who_gets_error_reports() -> None:
    env = production_env(DJANGO_ADMINS="Sam Ops <ops@example.org>, dev@example.org")

    result = manage("shell", "-c", SHOW_ADMINS, env=env)

    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "[('Sam Ops', 'ops@example.org'), ('dev@example.org', 'dev@example.org')]"
    )


def test_without_django_admins_nobody_is_emailed() -> None:
    result = manage("shell", "-c", SHOW_ADMINS, env=production_env())

    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_junk_admin_address_stops_start_up_with_a_clear_message() -> None:
    result = manage("shell", "-c", SHOW_ADMINS, env=production_env(DJANGO_ADMINS="ops at example"))

    assert result.returncode != 0
    assert "DJANGO_ADMINS holds" in result.stderr
