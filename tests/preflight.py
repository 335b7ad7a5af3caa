"""Stop `make test` early, with one clear line, when PostgreSQL or Redis is unreachable."""

from __future__ import annotations

import os
import sys

import psycopg
import redis

HINT = (
    "start them (`bash .ci/run` starts local PostgreSQL and Redis, installing them if missing), "
    "or point DATABASE_URL and REDIS_URL at servers you have"
)


def one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    try:
        # Connect to the maintenance database: the test database does not exist yet.
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            pass
    except psycopg.Error as exc:
        print(f"make test: PostgreSQL is not reachable at {database_url} ({one_line(exc)}); {HINT}.")
        return 1
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        print(f"make test: Redis is not reachable at {redis_url} ({one_line(exc)}); {HINT}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
