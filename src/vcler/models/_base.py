"""The base of every vcler model: open-world, camelCase on the wire, faithful round trips.

A credential is open-world JSON-LD: any property may appear, so every model allows extra
properties and keeps them. Models *validate and build*; they are never the signing input, and
parsing a document then dumping it (by alias, unset fields excluded) gives back the same JSON,
key order included.

Spec: https://www.w3.org/TR/vc-data-model-2.0/#extensibility
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel
from typing_extensions import Self

__all__ = ["VcModel"]


class VcModel(BaseModel):
    """An open-world JSON object with snake_case attributes and camelCase JSON names.

    Unknown properties are kept (``extra="allow"``) and dumped back unchanged. Attributes can
    be given by their Python name or their JSON name. ``to_json()`` returns the JSON object
    with only the properties that were given, in the order they were given.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=to_camel,
    )

    _key_order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_key_order(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Record the order of the input's keys, so a dump can restore it."""
        model = handler(data)
        if isinstance(data, dict) and model is not data:
            model._key_order = tuple(key for key in data if isinstance(key, str))
        return model

    @model_serializer(mode="wrap")
    def _restore_key_order(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        """Dump with the keys in input order (JSON names when dumping by alias)."""
        dumped = handler(self)
        if not self._key_order or not isinstance(dumped, dict):
            return dumped
        ordered: dict[str, Any] = {}
        for key in self._key_order:
            name = _output_name(type(self), key, by_alias=bool(info.by_alias))
            if name in dumped and name not in ordered:
                ordered[name] = dumped[name]
        for name, value in dumped.items():
            ordered.setdefault(name, value)
        return ordered

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Parse a JSON object (as a ``dict``) into this model."""
        return cls.model_validate(data)

    def to_json(self) -> dict[str, Any]:
        """This model as a JSON object: JSON names, only the properties that were set."""
        dumped = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        assert isinstance(dumped, dict)
        return dumped


def _output_name(model: type[BaseModel], key: str, *, by_alias: bool) -> str:
    """The dumped name of input key ``key`` (an attribute name or a JSON name)."""
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return (field.alias or name) if by_alias else name
    return key
