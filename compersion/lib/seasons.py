"""Which season a user's local date falls in, from the hemisphere of their IANA zone.

The rule, in one place:

- **Hemisphere.** A zone is southern when the tz database places it south of the equator:
  the latitude of its principal location in ``zone1970.tab`` or ``zone.tab`` is negative
  (Auckland −36°, São Paulo −23°, Nairobi −1°). Those files ship with the tz database
  (the operating system's ``/usr/share/zoneinfo`` or the ``tzdata`` package); when neither
  can be read, the list below (``SOUTHERN_PREFIXES`` and ``SOUTHERN_ZONES``, written from
  those same files, 2025 release) answers instead. Every other name is northern, which
  includes ``UTC``, ``Etc/*`` and old aliases the files do not list.
- **Season.** Meteorological seasons by month: in the north winter is December to
  February, spring March to May, summer June to August, autumn September to November;
  in the south each is six months on (Auckland's December is summer).

Near the equator seasons are slight; the rule still follows the sign of the latitude, so
a snow idea never shows in a southern zone's December.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

WINTER, SPRING, SUMMER, AUTUMN = "winter", "spring", "summer", "autumn"
# Month (1-12) to the season it is in the northern hemisphere.
NORTHERN_SEASONS = {
    12: WINTER, 1: WINTER, 2: WINTER,
    3: SPRING, 4: SPRING, 5: SPRING,
    6: SUMMER, 7: SUMMER, 8: SUMMER,
    9: AUTUMN, 10: AUTUMN, 11: AUTUMN,
}  # fmt: skip
OPPOSITE = {WINTER: SUMMER, SUMMER: WINTER, SPRING: AUTUMN, AUTUMN: SPRING}

# The fallback when no zone table can be read: southern zones of zone.tab and zone1970.tab.
SOUTHERN_PREFIXES = ("Antarctica/", "Australia/", "America/Argentina/")
SOUTHERN_ZONES = frozenset(
    """
    Africa/Blantyre Africa/Brazzaville Africa/Bujumbura Africa/Dar_es_Salaam Africa/Gaborone
    Africa/Harare Africa/Johannesburg Africa/Kigali Africa/Kinshasa Africa/Luanda
    Africa/Lubumbashi Africa/Lusaka Africa/Maputo Africa/Maseru Africa/Mbabane Africa/Nairobi
    Africa/Windhoek America/Araguaina America/Asuncion America/Bahia America/Belem
    America/Campo_Grande America/Coyhaique America/Cuiaba America/Eirunepe America/Fortaleza
    America/Guayaquil America/La_Paz America/Lima America/Maceio America/Manaus
    America/Montevideo America/Noronha America/Porto_Velho America/Punta_Arenas America/Recife
    America/Rio_Branco America/Santarem America/Santiago America/Sao_Paulo Asia/Dili
    Asia/Jakarta Asia/Jayapura Asia/Makassar Asia/Pontianak Atlantic/South_Georgia
    Atlantic/St_Helena Atlantic/Stanley Indian/Antananarivo Indian/Chagos Indian/Christmas
    Indian/Cocos Indian/Comoro Indian/Kerguelen Indian/Mahe Indian/Mauritius Indian/Mayotte
    Indian/Reunion Pacific/Apia Pacific/Auckland Pacific/Bougainville Pacific/Chatham
    Pacific/Easter Pacific/Efate Pacific/Fakaofo Pacific/Fiji Pacific/Funafuti
    Pacific/Galapagos Pacific/Gambier Pacific/Guadalcanal Pacific/Kanton Pacific/Marquesas
    Pacific/Nauru Pacific/Niue Pacific/Norfolk Pacific/Noumea Pacific/Pago_Pago
    Pacific/Pitcairn Pacific/Port_Moresby Pacific/Rarotonga Pacific/Tahiti Pacific/Tongatapu
    Pacific/Wallis
    """.split()  # noqa: SIM905 (a list of 83 quoted names would hide the odd one out)
)

TABLES = ("zone1970.tab", "zone.tab")
# A row's coordinates begin with the latitude's sign: "-3652+17446" is 36°52′S 174°46′E.
_ROW = re.compile(r"^[A-Z,]+\t(?P<sign>[+-])\d+[+-]\d+\t(?P<zone>\S+)")


def _table_texts() -> list[str]:
    """The zone tables' text from the tz database on disk, else from the ``tzdata`` package."""
    for folder in map(Path, zoneinfo.TZPATH):
        texts = [(folder / name).read_text(encoding="utf-8") for name in TABLES if (folder / name).is_file()]
        if texts:
            return texts
    try:
        package = resources.files("tzdata") / "zoneinfo"
        return [(package / name).read_text(encoding="utf-8") for name in TABLES if (package / name).is_file()]
    except (ModuleNotFoundError, FileNotFoundError):
        return []


def southern_zones_from_tables(texts: list[str]) -> frozenset[str] | None:
    """The zones the tables place south of the equator, or ``None`` when there are no tables."""
    if not texts:
        return None
    found = set()
    for text in texts:
        for line in text.splitlines():
            row = _ROW.match(line)
            if row and row["sign"] == "-":
                found.add(row["zone"])
    return frozenset(found)


@lru_cache(maxsize=1)
def _southern_from_tables() -> frozenset[str] | None:
    # Read once per process: the tables change only with a tz database upgrade.
    return southern_zones_from_tables(_table_texts())


def is_southern(zone_name: str) -> bool:
    """Whether the IANA zone lies south of the equator (see the module's rule)."""
    southern = _southern_from_tables()
    if southern is not None:
        return zone_name in southern
    return zone_name in SOUTHERN_ZONES or zone_name.startswith(SOUTHERN_PREFIXES)


def season_on(day: date, *, zone_name: str) -> str:
    """The season ``day`` falls in for someone living in ``zone_name``."""
    northern = NORTHERN_SEASONS[day.month]
    return OPPOSITE[northern] if is_southern(zone_name) else northern
