"""`manage.py seed_demo --help` says what each option does and how to sign in."""

from __future__ import annotations

from django.core.management import load_command_class


def test_seed_demo_help_documents_its_options_and_the_demo_login() -> None:
    command = load_command_class("reminders", "seed_demo")
    text = " ".join(command.create_parser("manage.py", "seed_demo").format_help().split())

    assert "--users N How many demo users: demo1@example.com to demoN@example.com (default: 3)" in text
    assert "--days D Days of history for each new user" in text
    assert "(default: 60; 400 shows a year's heatmap" in text
    assert "--seed SEED Random seed: the same seed writes the same entries (default: 22)" in text
    # The description (argparse may wrap it at the hyphen in the password).
    assert "Sign in as demo1@example.com" in text
    assert "with the password compersion-demo." in command.help
