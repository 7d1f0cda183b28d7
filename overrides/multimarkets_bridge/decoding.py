"""One typed decoder per generated model: validate while building, straight from the response bytes.

The type rules come from the generated attrs models alone (their annotations, and the JSON member
names the generator records in ``WIRE_NAMES``) and are compiled once per model into a pydantic-core
validator: strict JSON types (no ``"1"`` for an integer, no ``true`` for a number), required members,
members the spec does not know kept in ``additional_properties``, and ``x-decimal`` text turned
into [`WireDecimal`][multimarkets_bridge.money.WireDecimal]. The validator builds the attrs
instances itself, so parsing, checking and construction are one pass over the bytes.
"""

from __future__ import annotations

import enum
import functools
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from multimarkets_bridge_client import models as generated_models
from multimarkets_bridge_client.registry import WIRE_NAMES
from multimarkets_bridge_client.types import Unset
from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from .money import DECIMAL_PATTERN, WireDecimal, decimal_from_text
from .spec_data import merged_properties, spec

__all__ = ["ValidationError", "decoder_for", "describe_error"]

_SCALARS: dict[Any, Callable[[], cs.CoreSchema]] = {
    str: lambda: cs.str_schema(strict=True),
    int: lambda: cs.int_schema(strict=True),
    float: lambda: cs.float_schema(strict=True),
    bool: lambda: cs.bool_schema(strict=True),
}


@functools.cache
def decoder_for(model: type) -> SchemaValidator:
    """The validator that turns JSON bytes (``validate_json``) or parsed JSON (``validate_python``)
    into an instance of the attrs ``model``."""
    builder = _SchemaBuilder()
    root = builder.schema(model)
    return SchemaValidator(cs.definitions_schema(root, list(builder.definitions.values())))


def describe_error(error: ValidationError) -> str:
    """The first problem as ``path: what`` (``data.records[3].status: Input should be ...``)."""
    first = error.errors(include_url=False)[0]
    location = first.get("loc", ())
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location).lstrip(".")
    if first.get("type") == "missing" and location:
        parent = path.rsplit(".", 1)[0] if "." in path else ""
        return f"missing required field {location[-1]!r}" + (f" in {parent}" if parent else "")
    return f"{path or '(root)'}: {first.get('msg', 'invalid')}"


@functools.cache
def _hints(model: type) -> dict[str, Any]:
    """The resolved annotations of a generated model; the models they name are imported on demand."""
    namespace = dict(vars(sys.modules[model.__module__]))
    for annotation in _raw_annotations(model):
        for name in re.findall(r"[A-Za-z_]\w*", annotation):
            if name not in namespace and name in generated_models.__all__:
                namespace[name] = getattr(generated_models, name)
    return typing.get_type_hints(model, globalns=namespace)


def _raw_annotations(model: type) -> list[str]:
    found: list[str] = []
    for klass in model.__mro__:
        found += [a if isinstance(a, str) else "" for a in vars(klass).get("__annotations__", {}).values()]
    return found


@functools.cache
def _decimal_patterns(schema_name: str) -> dict[str, str]:
    """JSON member -> ``pattern`` of the decimal members of component ``schema_name`` (the spec
    states, per member, whether ``""`` may arrive); empty for a model the spec has no component for."""
    if schema_name not in spec()["components"]["schemas"]:
        return {}
    props = merged_properties({"$ref": f"#/components/schemas/{schema_name}"})
    return {name: str(p["pattern"]) for name, p in props.items() if p.get("x-decimal") and "pattern" in p}


class _SchemaBuilder:
    def __init__(self) -> None:
        self.definitions: dict[str, cs.CoreSchema] = {}

    def schema(self, hint: Any, decimal_pattern: str = DECIMAL_PATTERN) -> cs.CoreSchema:
        """The core schema of a type hint; ``decimal_pattern`` is the text a ``WireDecimal`` takes
        (the spec's ``pattern`` of the member)."""
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(hint) if arg is not Unset]
            nullable = type(None) in members
            members = [arg for arg in members if arg is not type(None)]
            if not members:
                inner: cs.CoreSchema = cs.none_schema()
            elif len(members) == 1:
                inner = self.schema(members[0], decimal_pattern)
            else:
                # an enum member wins over the plain type beside it (``OrderStatus | str``: "2" is FILLED)
                ordered = any(isinstance(arg, type) and issubclass(arg, enum.Enum) for arg in members)
                inner = cs.union_schema(
                    [self.schema(arg) for arg in members], mode="left_to_right" if ordered else "smart"
                )
            return cs.nullable_schema(inner) if nullable else inner
        if origin is list:
            return cs.list_schema(self.schema(typing.get_args(hint)[0]), strict=True)
        if origin in (dict, Mapping) or hint is dict:
            return cs.dict_schema(cs.str_schema(), cs.any_schema(), strict=True)
        if hint in _SCALARS:
            return _SCALARS[hint]()
        if hint is WireDecimal:  # decimal text (the pattern checked natively) -> WireDecimal; "" -> None
            text = cs.custom_error_schema(
                cs.str_schema(strict=True, pattern=decimal_pattern),
                custom_error_type="decimal_text",
                custom_error_message="not a decimal number",
            )
            return cs.no_info_after_validator_function(decimal_from_text, text)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            members = list(hint)
            if all(isinstance(m.value, str) for m in members):  # native; only text is taken
                return cs.enum_schema(hint, members, sub_type="str")
            # a numeric enum alone would also take "1", true and 1.0: a JSON integer first
            numeric = cs.enum_schema(hint, members, sub_type="int")
            return cs.chain_schema([cs.int_schema(strict=True), numeric])
        if isinstance(hint, type) and attrs.has(hint):
            return self.model(hint)
        return cs.any_schema()

    def model(self, model: type) -> cs.CoreSchema:
        ref = f"{model.__module__}.{model.__qualname__}"
        if ref not in self.definitions:
            self.definitions[ref] = cs.any_schema()  # placeholder while the fields refer back
            self.definitions[ref] = self._model(model, ref)
        return cs.definition_reference_schema(ref)

    def _model(self, model: type, ref: str) -> cs.CoreSchema:
        wire = WIRE_NAMES.get(model.__name__, {})
        patterns = _decimal_patterns(model.__name__)
        hints = _hints(model)
        fields: dict[str, cs.TypedDictField] = {}
        for field in attrs.fields(model):
            if not field.init:
                continue  # additional_properties
            member = wire.get(field.name, field.name)
            fields[field.name] = cs.typed_dict_field(
                self.schema(hints[field.name], patterns.get(member, DECIMAL_PATTERN)),
                required=field.default is attrs.NOTHING,
                validation_alias=member,
            )
        known = frozenset(fields)

        def build(members: dict[str, Any]) -> Any:
            if known.issuperset(members):
                return model(**members)
            unknown = {name: members.pop(name) for name in members.keys() - known}
            instance = model(**members)
            instance.additional_properties = unknown
            return instance

        checked = cs.typed_dict_schema(fields, total=False, extra_behavior="allow", strict=True)
        return cs.no_info_after_validator_function(build, checked, ref=ref)
