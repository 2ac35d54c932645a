"""Skillify a catalog: a spreadsheet of courses and their skills, as OB 3.0 Achievements.

A catalog is CSV with the header ``id,name,description,skills`` (and optionally ``criteria``,
``achievementType``): one achievement per row, its skills separated by ``;`` as URLs or
framework codes. Each skill is resolved in a :class:`~vcler.skills.Library` (an unknown code is
an error naming its row), and becomes an ``Alignment`` of the achievement with the framework's
name, code and description, ready for :func:`vcler.openbadges.build_achievement_credential`.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievement
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..errors import InputError
from ..openbadges.rules import is_url
from .library import Library
from .skill import Skill, is_uri

__all__ = ["CATALOG_COLUMNS", "CatalogError", "achievements_from_csv"]

#: The columns a catalog must have.
CATALOG_COLUMNS = ("id", "name", "description", "skills")


class CatalogError(InputError):
    """A catalog row that cannot become an Achievement; ``row`` is its line number (1: the
    header)."""

    def __init__(self, message: str, *, row: int) -> None:
        super().__init__(f"row {row}: {message}")
        self.row = row


def _skill(library: Library, key: str, row: int) -> Skill:
    found = library.lookup(key)
    if found is not None:
        return found
    if is_url(key):
        return Skill.from_url(key)
    raise CatalogError(
        f"unknown skill {key!r} (not a URL, and no framework of the library defines that code)",
        row=row,
    )


def achievements_from_csv(text: str, *, library: Library) -> list[dict[str, Any]]:
    """The OB 3.0 Achievements of a catalog CSV (see the module documentation).

    Raises :class:`CatalogError` for a missing column, an empty id or name, an id that is not
    a URI, a duplicate id, or a skill the library does not know (and that is not a URL).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    absent = [column for column in CATALOG_COLUMNS if column not in header]
    if absent:
        raise CatalogError(f"the header lacks {', '.join(absent)}", row=1)
    achievements: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row_number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        # Step 1: the achievement's own fields.
        achievement_id, name = row.get("id", ""), row.get("name", "")
        if not achievement_id or not name:
            raise CatalogError("an achievement needs an id and a name", row=row_number)
        if not is_uri(achievement_id):
            raise CatalogError(f"the id {achievement_id!r} is not a URI", row=row_number)
        if achievement_id in seen:
            raise CatalogError(f"the id {achievement_id!r} is repeated", row=row_number)
        seen.add(achievement_id)
        description = row.get("description") or name
        criteria_text = row.get("criteria") or f"Completion of {name}."
        criteria = {"id": criteria_text} if is_url(criteria_text) else {"narrative": criteria_text}
        achievement: dict[str, Any] = {
            "id": achievement_id,
            "type": ["Achievement"],
            "name": name,
            "description": description,
            "criteria": criteria,
        }
        if row.get("achievementType"):
            achievement["achievementType"] = row["achievementType"]
        # Step 2: each skill resolved in the library, as an Alignment.
        keys = [key.strip() for key in row.get("skills", "").split(";") if key.strip()]
        alignments: dict[str, dict[str, Any]] = {}
        for key in keys:
            skill = _skill(library, key, row_number)
            alignments.setdefault(skill.id, skill.to_alignment())
        if alignments:
            achievement["alignment"] = list(alignments.values())
        achievements.append(achievement)
    return achievements
