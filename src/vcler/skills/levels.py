"""Levels: what a result says about how well a skill was shown, and how to compare it.

A piece of evidence may carry an OB 3.0 ``Result`` (a ``value``, an ``achievedLevel``) and the
``ResultDescription`` it links to (ordered ``allowedValue``, ordered ``rubricCriterionLevel``,
both "from low to high as determined by the achievement creator"). A required level is met when,
in the first of these that applies:

1. the requirement is a number (or numeric string) and the result's ``value``, else the achieved
   rubric level's ``points``, is a number: it must be greater than or equal;
2. the requirement names a rubric criterion level of the result description (by ``id``, ``name``
   or ``level``, case-insensitively) and a level was achieved: the achieved level must come at the
   same place or later in the ordered ``rubricCriterionLevel`` list;
3. the requirement and the ``value`` are both in the ordered ``allowedValue`` list: the value must
   come at the same place or later;
4. otherwise the requirement must equal the value or the achieved level's id, name or label
   (case-insensitively). Anything else is not comparable, so the level is not met.

No required level: any evidence meets it.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#resultdescription
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Level", "RequiredLevel", "level_of", "meets"]

#: A required level as written in a requirement: a number or a label.
RequiredLevel = str | int | float


@dataclass(frozen=True)
class Level:
    """The level evidence shows: the result value, the achieved rubric level and their scales."""

    value: str | None = None
    status: str | None = None
    achieved: Mapping[str, Any] | None = None
    rubric: tuple[Mapping[str, Any], ...] = ()
    allowed: tuple[str, ...] = ()
    required_value: str | None = None
    required_level: str | None = None

    @property
    def label(self) -> str | None:
        """A short human label for the achieved level (its ``level``, else its ``name``)."""
        if self.achieved is None:
            return None
        for key in ("level", "name", "id"):
            if isinstance(self.achieved.get(key), str):
                return str(self.achieved[key])
        return None

    @property
    def passing(self) -> bool:
        """True unless the result misses the result description's own required value/level."""
        if self.required_level is not None and not meets(self, self.required_level):
            return False
        return self.required_value is None or meets(self, self.required_value)


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else ()


def level_of(result: Mapping[str, Any] | None, description: Mapping[str, Any] | None) -> Level:
    """The :class:`Level` of an OB ``Result`` and the ``ResultDescription`` it links to."""
    result = result or {}
    description = description or {}
    levels = description.get("rubricCriterionLevel")
    rubric = (
        tuple(lv for lv in levels if isinstance(lv, Mapping)) if isinstance(levels, list) else ()
    )
    achieved_id = result.get("achievedLevel")
    achieved = next((lv for lv in rubric if lv.get("id") == achieved_id), None)
    if achieved is None and isinstance(achieved_id, str):
        achieved = {"id": achieved_id}
    value = result.get("value")
    status = result.get("status")
    required_value = description.get("requiredValue")
    required_level = description.get("requiredLevel")
    return Level(
        value if isinstance(value, str) else None,
        status if isinstance(status, str) else None,
        achieved,
        rubric,
        _strings(description.get("allowedValue")),
        required_value if isinstance(required_value, str) else None,
        required_level if isinstance(required_level, str) else None,
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().rstrip("%"))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _names(level: Mapping[str, Any]) -> set[str]:
    return {
        str(level[k]).casefold() for k in ("id", "name", "level") if isinstance(level.get(k), str)
    }


def meets(level: Level, required: RequiredLevel | None) -> bool:
    """Whether ``level`` reaches ``required`` (see the module docstring for the rules)."""
    if required is None:
        return True
    # Step 1: numbers.
    wanted = _number(required)
    if wanted is not None:
        points = level.achieved.get("points") if level.achieved else None
        for shown in (_number(level.value), _number(points)):
            if shown is not None:
                return shown >= wanted
    text = str(required).casefold()
    # Step 2: rubric criterion levels, ordered low to high.
    if level.achieved is not None and level.rubric:
        place = [i for i, lv in enumerate(level.rubric) if text in _names(lv)]
        achieved_place = [i for i, lv in enumerate(level.rubric) if lv is level.achieved]
        if place and achieved_place:
            return achieved_place[0] >= place[0]
    # Step 3: allowed values, ordered low to high.
    allowed = [v.casefold() for v in level.allowed]
    if level.value is not None and text in allowed and level.value.casefold() in allowed:
        return allowed.index(level.value.casefold()) >= allowed.index(text)
    # Step 4: plain equality.
    shown_names = _names(level.achieved) if level.achieved else set()
    if level.value is not None:
        shown_names.add(level.value.casefold())
    return text in shown_names
