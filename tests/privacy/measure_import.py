"""Measure what importing a large valid file costs: wall time and peak memory, in a fresh
process per file, as one gunicorn worker would pay it. Run against a migrated database:

    DATABASE_URL=postgres://.../test_compersion_hN .venv/bin/python tests/privacy/measure_import.py 1 5

(with the test settings, compersion.settings_test; the test database pytest keeps with
--reuse-db is migrated). Files are written to /tmp first and reused.

Prints one line per shape and size; the figures in docs/export-format.md come from here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compersion.settings_test")
    django.setup()


def measure_one(path: Path, *, trace: bool) -> dict[str, float]:
    """Import ``path`` into a new account: the seconds it takes, or (``trace``) the peak of
    memory Python allocates meanwhile (tracemalloc slows the run, so it is a separate one)."""
    _setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.datastructures import MultiValueDict

    from privacy.forms import ImportForm
    from privacy.services import account_import
    from tests.factories import UserFactory

    body = path.read_bytes()
    user = UserFactory.create(email=f"measure-{os.getpid()}@example.com")
    try:
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        upload = SimpleUploadedFile("export.json", body, "application/json")
        form = ImportForm(files=MultiValueDict({"file": [upload]}))
        if not form.is_valid():
            raise SystemExit(f"not valid: {form.errors}")
        del body
        parsed = time.perf_counter()
        result = account_import(user=user, document=form.document)
        finished = time.perf_counter()
        if trace:
            # The file's bytes were read before tracing began; the upload holds them meanwhile.
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return {"peak_mib": round((peak + path.stat().st_size) / 1024 / 1024, 1)}
    finally:
        user.delete()
    return {
        "megabytes": round(path.stat().st_size / 1024 / 1024, 2),
        "records": result.total_added,
        "parse_seconds": round(parsed - started, 2),
        "seconds": round(finished - started, 2),
    }


def main() -> None:
    if sys.argv[1] == "--one":
        print(json.dumps(measure_one(Path(sys.argv[2]), trace=sys.argv[3:] == ["--trace"])))
        return
    _setup()
    from tests.privacy.import_sizes import SHAPES, document_of_size

    shapes = os.environ.get("SHAPES", ",".join(SHAPES)).split(",")
    for megabytes in sys.argv[1:]:
        for shape in shapes:
            # Written first, so the measuring process holds nothing but the import.
            path = Path(f"/tmp/compersion-import-{shape}-{megabytes}.json")  # noqa: S108 - a scratch file
            if not path.exists():
                path.write_bytes(document_of_size(shape, megabytes=float(megabytes)))
            figures: dict[str, float] = {}
            for extra in ([], ["--trace"]):
                out = subprocess.run(
                    [sys.executable, __file__, "--one", str(path), *extra],
                    capture_output=True,
                    text=True,
                    check=False,
                    cwd=ROOT,
                )
                if out.returncode:
                    raise SystemExit(out.stderr[-2000:])
                figures.update(json.loads(out.stdout))
            print(shape, json.dumps(figures), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
