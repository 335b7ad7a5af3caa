"""Imports go one way: the layer rule of STYLE.md, checked on the source with ``ast``.

The graph is built from the project's own modules (tests, migrations and bench aside),
counting every import: module level, inside functions, and under ``TYPE_CHECKING``.
A lower layer never imports a higher one, and there is no cycle between modules or
between apps.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps on one line are peers: they may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("compersion.lib",),
    ("accounts",),
    ("people",),
    ("kindness", "feelings"),
    ("journal",),
    ("insights",),
    ("reminders",),
    ("privacy",),
    ("compersion",),  # the wiring: settings, urls, celery, wsgi, asgi
]
PACKAGES = (
    "compersion",
    "accounts",
    "people",
    "kindness",
    "feelings",
    "journal",
    "insights",
    "reminders",
    "privacy",
)
SKIPPED_PARTS = {"migrations", "tests", "__pycache__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if SKIPPED_PARTS.isdisjoint(path.relative_to(ROOT).parts):
                modules[_module_name(path)] = path
    return modules


def _imported_names(module: str, source: str, *, is_package: bool = False) -> Iterator[str]:
    """Every name imported anywhere in ``source``: module level, in functions, under TYPE_CHECKING."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            yield prefix
            # `from reminders import services` imports the module reminders.services.
            yield from (f"{prefix}.{alias.name}" for alias in node.names)


def _resolve(name: str) -> str | None:
    """The project module ``name`` names (a module, or the module holding an attribute)."""
    modules = project_modules()
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in project_modules().items():
        names = _imported_names(module, path.read_text(), is_package=path.name == "__init__.py")
        targets = {_resolve(name) for name in names}
        graph[module] = {target for target in targets if target and target != module}
    return graph


def layer_of(module: str) -> int:
    best: tuple[int, int] | None = None
    for index, group in enumerate(LAYERS):
        for prefix in group:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[1]
            ):
                best = (index, len(prefix))
    assert best is not None, module
    return best[0]


def app_of(module: str) -> str:
    if module == "compersion.lib" or module.startswith("compersion.lib."):
        return "compersion.lib"
    return module.split(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_goes_from_a_lower_layer_to_a_higher_or_a_peer_one() -> None:
    upward = sorted(
        f"{source} imports {target}"
        for source, targets in import_graph().items()
        for target in targets
        if app_of(source) != app_of(target) and layer_of(source) <= layer_of(target)
    )
    assert upward == []


def test_no_two_modules_import_each_other_even_through_others() -> None:
    assert _cycles(import_graph()) == []


def test_no_two_apps_import_each_other_even_through_others() -> None:
    apps: dict[str, set[str]] = {}
    for source, targets in import_graph().items():
        apps.setdefault(app_of(source), set()).update(
            app_of(target) for target in targets if app_of(target) != app_of(source)
        )
    assert _cycles(apps) == []


def test_the_checker_sees_every_kind_of_import() -> None:
    # A checker that found no modules, or missed a spelling of import, would pass everything.
    source = """
from typing import TYPE_CHECKING
import compersion.lib.clock
from journal import selectors
from . import forms
if TYPE_CHECKING:
    from people.models import Person
def later():
    from kindness.selectors import week_progress
"""
    names = set(_imported_names("feelings.views", source))
    assert {"compersion.lib.clock", "journal.selectors", "feelings.forms", "people.models"} <= names
    assert "kindness.selectors.week_progress" in names
    assert _resolve("kindness.selectors.week_progress") == "kindness.selectors"
    assert "journal.selectors" in import_graph()["reminders.services"]
    assert "compersion.lib.svg" in project_modules()


DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}


def _dynamic_imports(path: Path) -> Iterator[int]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in DYNAMIC_IMPORTS:
            continue
        # Django's own pluggable backends (settings.SESSION_ENGINE) are not one app reaching another.
        argument = node.args[0] if node.args else None
        names_a_setting = (
            isinstance(argument, ast.Attribute)
            and isinstance(argument.value, ast.Name)
            and argument.value.id == "settings"
        )
        if not names_a_setting:
            yield node.lineno


def test_no_module_reaches_another_through_a_dotted_path() -> None:
    found = [
        f"{module}:{line}"
        for module, path in sorted(project_modules().items())
        for line in _dynamic_imports(path)
    ]
    assert found == []
