"""Every URL pattern in the project, walked from the root resolver.

The security tests enumerate the resolver rather than a hand-kept list, so a view added
tomorrow is checked (or breaks the build until someone says how to check it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the joined pattern text, e.g. "people/<int:person_id>/"
    converters: dict[str, str]  # argument name -> converter class name
    callback: Callable[..., object]


def routes() -> Iterator[Route]:
    yield from _walk(get_resolver(), prefix="", namespace="", converters={})


def _walk(
    resolver: URLResolver, *, prefix: str, namespace: str, converters: dict[str, str]
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        found = {key: type(conv).__name__ for key, conv in entry.pattern.converters.items()}
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(
                entry, prefix=prefix + str(entry.pattern), namespace=inner, converters=converters | found
            )
        elif isinstance(entry, URLPattern):
            yield Route(
                name=namespace + (entry.name or ""),
                route=prefix + str(entry.pattern),
                converters=converters | found,
                callback=entry.callback,
            )


def is_admin(route: Route) -> bool:
    # The admin is staff-only, Django's own and guarded by is_staff; not a user-facing page.
    return route.name.startswith("admin:") or route.route.startswith("admin/")
