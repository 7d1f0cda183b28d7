"""The spec under three mainstream code generators, each run as it comes (no configuration), and a
usage check of what each one makes of it.

* **openapi-python-client**: generates without a warning; every operation's success answer is typed
  (an example answer parses to the success model, an error envelope to ``ErrorEnvelope``); no request
  body is ``Any``; every request example goes through the body model and back unchanged.
* **openapi-typescript** + ``tsc --strict``: every request body the spec allows compiles; every body
  with a member missing, of another JSON type or outside its enum that the spec refuses does not
  (each is written under ``// @ts-expect-error``, so a body the types let through fails the build).
* **datamodel-code-generator** (pydantic v2): the generated body model gives every body the spec's
  verdict (``model_validate_json(..., strict=True)``: the wire form, no coercion) - the structural
  mutations above plus values that break a pattern, a range or an alternative's rule.

The verdict is the spec's own: its JSON Schema, compiled by jsonschema-rs as the SDK and the sandbox
do. Usage: ``python spec/tools/generators_check.py WORK_DIR TS_BIN_DIR [SPEC]`` (``-`` as TS_BIN_DIR:
no TypeScript check); exit 1 listing every disagreement. Run by ``nox -s generators`` (which needs
node and npm for the TypeScript check under ``CI``, and skips it with a warning elsewhere).
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

SPEC_PATH = Path(__file__).resolve().parents[1] / "bridge-api.openapi.yaml"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Values that break a rule other than the JSON type: patterns, ranges, alternatives' constants.
VALUE_BREAKERS: tuple[Any, ...] = ("", "-1", "0", "1e5", "+1", " 1", "abc", 0, -1, 2**63, 3, 99)


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def bodies(spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """``(operation id, body schema name, example)`` for every request example of the spec."""
    for item in spec["paths"].values():
        for op in item.values():
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = content.get("schema", {}).get("$ref", "")
            for example in content.get("examples", {}).values():
                yield op["operationId"], ref.rsplit("/", 1)[-1], example["value"]


def other_type(value: Any) -> Any:
    """A value of a JSON type no member of the spec admits together with ``value``'s type: a boolean
    (the spec has members that take a string or an integer, never one that takes a boolean as well)."""
    return 12345 if isinstance(value, bool) else True


def text_or_number(value: Any) -> Any:
    """A value of another JSON type, never a boolean: pydantic (2.x, strict) reads ``true`` as 1 for an
    ``IntEnum`` member, a validator's leniency rather than the generated model's; a string or a number
    is refused or allowed by the model's own rules."""
    return "text" if isinstance(value, int | float) and not isinstance(value, bool) else 12345


def _component(spec: dict[str, Any], node: Any) -> Any:
    """``node``, or the component its ``$ref`` names."""
    if isinstance(node, dict) and "$ref" in node:
        return spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def property_schemas(spec: dict[str, Any], schema: Any) -> Iterator[tuple[str, Any]]:
    """``(member, its property schema as written)`` for every place the spec states a member of
    ``schema``: its own ``properties``, and those of its ``allOf`` members and alternatives."""
    schema = _component(spec, schema)
    if not isinstance(schema, dict):
        return
    yield from schema.get("properties", {}).items()
    for member in [*schema.get("allOf", []), *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        yield from property_schemas(spec, member)


def member_schemas(spec: dict[str, Any], schema: Any, key: str) -> Iterator[dict[str, Any]]:
    """Every schema the spec states for member ``key`` of ``schema``, each resolved (with the
    ``allOf`` members of a narrowed one: ``{allOf: [{$ref: OrderType}], const: 2}``)."""
    for name, prop in property_schemas(spec, schema):
        if name == key:
            yield from _resolved_parts(spec, prop)


def _resolved_parts(spec: dict[str, Any], prop: Any) -> Iterator[dict[str, Any]]:
    prop = _component(spec, prop)
    if isinstance(prop, dict):
        yield prop
        for member in prop.get("allOf", []):
            yield from _resolved_parts(spec, member)


def structural_mutations(
    spec: dict[str, Any], schema_name: str, body: dict[str, Any], retype: Callable[[Any], Any] = other_type
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The body with no known member, one member left out, of a JSON type it does not admit, or (an
    enum member) outside its values: what a static type can refuse."""
    yield "no members", {"nonsense": True}
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    for key, value in body.items():
        yield f"without {key}", {k: v for k, v in body.items() if k != key}
        yield f"{key} of another type", {**body, key: retype(value)}
        enumerated = any("enum" in s or "const" in s for s in member_schemas(spec, ref, key))
        if enumerated and isinstance(value, int | str) and not isinstance(value, bool):
            yield f"{key} outside its values", {**body, key: 99 if isinstance(value, int) else "zzz"}


def value_mutations(body: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The body with one member set to a value of its own JSON type that may break a rule."""
    for key, value in body.items():
        for breaker in VALUE_BREAKERS:
            if type(breaker) is type(value) and breaker != value:
                yield f"{key} = {breaker!r}", {**body, key: breaker}


class Verdicts:
    """The spec's verdict on a body of a component schema (compiled once per schema)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._components = spec["components"]
        self._validators: dict[str, Any] = {}

    def allows(self, schema_name: str, body: Any) -> bool:
        if schema_name not in self._validators:
            schema = {
                "$schema": DRAFT,
                "components": self._components,
                "$ref": f"#/components/schemas/{schema_name}",
            }
            self._validators[schema_name] = jsonschema_rs.Draft202012Validator(schema)
        return bool(self._validators[schema_name].is_valid(body))


def class_name(schema_name: str) -> str:
    return schema_name[0].upper() + schema_name[1:]


def python_client(spec: dict[str, Any], work: Path) -> list[str]:
    """openapi-python-client with no configuration: warnings, typed answers, typed bodies, round trips."""
    out = work / "spec_client"
    run = subprocess.run(
        [
            "openapi-python-client",
            "generate",
            "--path",
            str(SPEC_PATH),
            "--output-path",
            str(out),
            "--meta",
            "none",
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    text = run.stdout + run.stderr
    failures = [
        f"openapi-python-client: {line}"
        for line in text.splitlines()
        if line.startswith(("Unable to", "WARNING"))
    ]
    if run.returncode != 0:
        return [*failures, f"openapi-python-client exited {run.returncode}: {text[-500:]}"]
    sys.path.insert(0, str(work))
    client_module = importlib.import_module("spec_client.client")
    models = importlib.import_module("spec_client.models")
    client = client_module.Client(base_url="http://127.0.0.1:9", raise_on_unexpected_status=True)
    import httpx

    checked = 0
    for item in spec["paths"].values():
        for op in item.values():
            tag = op["tags"][0]
            module = importlib.import_module(f"spec_client.api.{tag}.{op['operationId']}")
            body_annotation = str(inspect.signature(module.sync).parameters["body"].annotation)
            if "Any" in body_annotation:
                failures.append(f"{op['operationId']}: request body typed {body_annotation}")
            success_ref = op["responses"]["200"]["content"]["application/json"]["schema"]["anyOf"][0]["$ref"]
            success = getattr(models, class_name(success_ref.rsplit("/", 1)[-1]), None)
            if success is None:
                failures.append(f"{op['operationId']}: no model for its success answer {success_ref}")
                continue
            answers = op["responses"]["200"]["content"]["application/json"].get("examples", {})
            for name, example in answers.items():
                parsed = module._parse_response(
                    client=client, response=httpx.Response(200, json=example["value"])
                )
                if not isinstance(parsed, success):
                    failures.append(
                        f"{op['operationId']}: answer example {name} parsed as {type(parsed).__name__}"
                    )
                checked += 1
            error = module._parse_response(
                client=client, response=httpx.Response(200, json={"code": "E1", "msg": "no"})
            )
            if not isinstance(error, models.ErrorEnvelope):
                failures.append(f"{op['operationId']}: an error envelope parsed as {type(error).__name__}")
    round_trips = 0
    for operation_id, _, example in bodies(spec):
        module = importlib.import_module(f"spec_client.api.{_tag(spec, operation_id)}.{operation_id}")
        parsed_body = _parse_body(typing.get_type_hints(module.sync)["body"], example)
        round_trips += 1
        if parsed_body != example:
            failures.append(
                f"{operation_id}: request example does not round-trip: {example} -> {parsed_body}"
            )
    print(
        f"openapi-python-client: {checked} answer examples, the error envelope of every operation and"
        f" {round_trips} request examples checked"
    )
    return failures


def _tag(spec: dict[str, Any], operation_id: str) -> str:
    for item in spec["paths"].values():
        for op in item.values():
            if op["operationId"] == operation_id:
                return str(op["tags"][0])
    raise LookupError(operation_id)


def _parse_body(annotation: Any, example: dict[str, Any]) -> Any:
    """The example through the body type (a model or a union of models: the first that takes it)."""
    for model in typing.get_args(annotation) or (annotation,):
        if not hasattr(model, "from_dict"):
            continue  # Any: reported above
        try:
            return model.from_dict(example).to_dict()
        except (KeyError, ValueError, TypeError):
            continue
    return None


def defaulted_members(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    """Members whose own property schema states a ``default``: openapi-typescript types them as always
    present (its ``defaultNonNullable`` reading), so a TypeScript caller sends them."""
    return {name: prop["default"] for name, prop in property_schemas(spec, schema) if "default" in prop}


def typescript(spec: dict[str, Any], work: Path, ts_bin: Path, verdicts: Verdicts) -> list[str]:
    """openapi-typescript's types under ``tsc --strict``: allowed bodies compile, refused ones do not."""
    types = work / "bridge.d.ts"
    subprocess.run(
        [str(ts_bin / "openapi-typescript"), str(SPEC_PATH), "-o", str(types)],
        check=True,
        capture_output=True,
    )
    lines = ['import type { components } from "./bridge";', 'type S = components["schemas"];']
    allowed = refused = 0
    defaults: set[str] = set()
    for n, (operation_id, schema_name, example) in enumerate(bodies(spec)):
        filled = defaulted_members(spec, {"$ref": f"#/components/schemas/{schema_name}"})
        defaults |= {f"{schema_name}.{key}" for key in filled}
        cases = [("the example", example), *structural_mutations(spec, schema_name, example)]
        for m, (what, body) in enumerate(cases):
            if verdicts.allows(schema_name, body):
                if what == "no members":
                    continue  # an unknown member in a literal is a TypeScript lint, not the type's verdict
                body = {**filled, **body}
                allowed += 1
            else:
                lines.append(f"// {operation_id}: {what}\n// @ts-expect-error the spec refuses it")
                refused += 1
            lines.append(f'export const b{n}_{m}: S["{schema_name}"] = {json.dumps(body)};')
    usage = work / "usage.ts"
    usage.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tsc = subprocess.run(
        [
            str(ts_bin / "tsc"),
            "--strict",
            "--noEmit",
            "--target",
            "es2022",
            "--moduleResolution",
            "bundler",
            "--module",
            "es2022",
            str(usage),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"openapi-typescript + tsc --strict: {allowed} allowed and {refused} refused bodies checked")
    print(f"  members with a default that its types require a caller to send: {', '.join(sorted(defaults))}")
    return [f"tsc: {line}" for line in tsc.stdout.splitlines() if "error" in line]


def pydantic_models(spec: dict[str, Any], work: Path, verdicts: Verdicts) -> list[str]:
    """datamodel-code-generator's pydantic models give every body the spec's verdict."""
    output = work / "wire.py"
    subprocess.run(
        [
            "datamodel-codegen",
            "--input",
            str(SPEC_PATH),
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    import pydantic

    sys.path.insert(0, str(work))
    wire = importlib.import_module("wire")
    failures: list[str] = []
    total = 0
    for operation_id, schema_name, example in bodies(spec):
        model = getattr(wire, class_name(schema_name))
        cases = [
            ("the example", example),
            *structural_mutations(spec, schema_name, example, text_or_number),
            *value_mutations(example),
        ]
        for what, body in cases:
            total += 1
            expected = verdicts.allows(schema_name, body)
            try:
                model.model_validate_json(json.dumps(body), strict=True)
                got = True
            except pydantic.ValidationError:
                got = False
            if got != expected:
                word = "allows" if got else "refuses"
                failures.append(
                    f"datamodel-codegen: {operation_id} {what}: the model {word} it, the spec does not"
                )
    print(f"datamodel-code-generator: {total} bodies, {total - len(failures)} with the spec's verdict")
    return failures


def main(work: Path, ts_bin: Path) -> int:
    spec = load_spec()
    verdicts = Verdicts(spec)
    failures = [
        *python_client(spec, work),
        *(typescript(spec, work, ts_bin, verdicts) if str(ts_bin) != "-" else []),
        *pydantic_models(spec, work, verdicts),
    ]
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{len(failures)} disagreement(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 3:  # another spec file (an older version, to compare)
        SPEC_PATH = Path(sys.argv[3]).resolve()
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
