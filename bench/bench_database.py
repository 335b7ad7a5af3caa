"""The database a bench script measures: its own PostgreSQL database, made ready for Django.

Imported by the scripts in this folder as ``bench_database`` (Python puts a script's own folder
first on its path).
"""

from __future__ import annotations

import psycopg


def database_ready(database_url: str) -> None:
    """Create the database ``database_url`` names when it is missing, set Django up and migrate it.

    DJANGO_SETTINGS_MODULE (and what those settings read) must already be in the environment.
    """
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    with psycopg.connect(database_url, dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
