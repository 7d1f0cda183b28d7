"""Regenerate ``multimarkets_bridge_client`` from ``spec/bridge-api.openapi.yaml``.

Pipeline (all tool versions are pinned in pyproject.toml / noxfile.py):

1. Load the spec and derive the *client view*: bodies given as alternatives of one base become one
   object (``folded_view``; the runtime and the sandbox check the alternatives from the spec itself),
   and header parameters flagged ``x-sdk-injected`` are removed (the signing layer sets them).
2. openapi-python-client renders the attrs models and endpoint modules (warnings are failures).
3. The same Jinja environment renders ``facade.py`` (typed methods + operation registry) from
   ``generator/templates``.
4. datamodel-code-generator renders pydantic wire models (``wire_models.py``) for the sandbox and
   for webhook receivers.
5. The pinned ruff formats everything, isolated from any project config, so the output is identical
   wherever it is generated.

Usage: ``python generator/generate.py [--output DIR]`` (default: generated_client/multimarkets_bridge_client).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from facade_render import render_facade, wire_names
from spec_tools import (
    CONFIG_PATH,
    DEFAULT_OUTPUT,
    PACKAGE,
    SPEC_PATH,
    TEMPLATES,
    WIRE_MODELS_HEADER,
    GenerationError,
    alternatives,
    deref,
    inlined,
    load_spec,
    load_yaml,
    merged_object,
    operations,
    schema_refs,
)

__all__ = [
    "DEFAULT_OUTPUT",
    "PACKAGE",
    "SPEC_PATH",
    "GenerationError",
    "client_view",
    "folded_view",
    "generate",
    "load_spec",
    "request_schemas",
]


def folded_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with one object per request body, as this SDK's models and methods take it.

    * A body given as alternatives of one base (``anyOf: [LimitOrder, MarketOrderByNum, ...]``, each
      ``allOf: [{$ref: OrderFields}, part]``; the form other languages' generators type exactly) becomes
      the base's object under the body's name, with ``x-require-any-of`` listing what each alternative
      requires; the alternatives and the base leave the view when nothing else names them. The rules
      stay where they are checked: in the spec the runtime and the sandbox compile.
    * A property naming a scalar component (``{$ref: PositiveDecimal}``) is inlined, and scalar
      components nothing names any more leave the view.
    """
    view = copy.deepcopy(spec)
    schemas = view["components"]["schemas"]
    consumed: set[str] = set()
    for name in list(schemas):
        found = alternatives(spec, schemas[name])
        if found is None:
            continue
        base, parts = found
        members = schemas[name].get("anyOf") or schemas[name].get("oneOf")
        consumed |= {m["$ref"].rsplit("/", 1)[-1] for m in members} | {base.rsplit("/", 1)[-1]}
        folded = copy.deepcopy(deref(spec, {"$ref": base}))
        folded["description"] = schemas[name].get("description", folded.get("description"))
        groups = [list(part.get("required", [])) for part in parts]
        if all(groups):
            folded["x-require-any-of"] = groups
        schemas[name] = folded
    for node in _walk(view):
        for key, prop in list(node.get("properties", {}).items()):
            node["properties"][key] = inlined(view, prop)
    while True:  # what the folded and inlined schemas named may be free now, and what that named
        named = schema_refs({k: v for k, v in view.items() if k != "components"}) | {
            ref for schema in schemas.values() for ref in schema_refs(schema)
        }
        unused = [
            name
            for name, schema in schemas.items()
            if name not in named
            and (name in consumed or (schema.get("type", "object") != "object" and "enum" not in schema))
        ]
        if not unused:
            return view
        for name in unused:
            del schemas[name]


def _walk(node: Any) -> Any:
    """Every mapping inside ``node`` (itself included)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def client_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the code generators see it (see the module docstring, step 1)."""
    return _for_code_generators(folded_view(spec))


def _for_code_generators(view: dict[str, Any]) -> dict[str, Any]:
    """``view`` (a folded view, changed in place) without injected headers and assertions."""
    for _, op in operations(view):
        op["parameters"] = [p for p in op.get("parameters", []) if not deref(view, p).get("x-sdk-injected")]
        if not op["parameters"]:
            del op["parameters"]
    for schema in view["components"]["schemas"].values():
        _drop_assertions(schema)
    return view


ASSERTIONS = ("const", "not", "if", "then", "else")
#: Value constraints: checked by one validator compiled from the spec
#: (``multimarkets_bridge.request_schema``), so the generated models are typed containers only
#: (pydantic's own regex engine disagrees with ECMA-262 on ``\s``; a second checker could only
#: disagree with the first).
CONSTRAINTS = (
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
)


def _drop_assertions(schema: Any) -> None:
    """Shape the spec's JSON Schema for the code generators, which cannot type every assertion.

    * ``const`` / ``not`` (success-vs-error envelope rule) and ``if`` / ``then`` / ``else`` (conditional
      required fields) are removed: JSON Schema validators and the sandbox read them from the spec;
      the runtime checks the envelope rule itself.
    * value constraints (``CONSTRAINTS``) are removed: the compiled spec checks them, on both sides.
    * a property typed ``[string, integer]`` because the platform also accepts the other type
      (``x-also-accepts``) is generated with its primary type only.
    """
    if isinstance(schema, dict):
        for keyword in ASSERTIONS:
            schema.pop(keyword, None)
        for keyword in CONSTRAINTS:
            if not isinstance(schema.get(keyword), dict | list):  # a constraint, not a property so named
                schema.pop(keyword, None)
        also = schema.get("x-also-accepts")
        if also is not None and isinstance(schema.get("type"), list):
            primary = next(t for t in schema["type"] if t != also)
            schema["type"] = primary
        for value in schema.values():
            _drop_assertions(value)
    elif isinstance(schema, list):
        for item in schema:
            _drop_assertions(item)


def request_schemas(spec: dict[str, Any]) -> set[str]:
    """Component schemas reachable from an operation's request body (the models the SDK *sends*)."""
    schemas = spec["components"]["schemas"]
    pending = [
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for _, op in operations(spec)
    ]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen and name in schemas:  # a dangling $ref is the code generator's to report
            seen.add(name)
            pending.extend(schema_refs(schemas[name]) - seen)
    return seen


def decimal_fields(spec: dict[str, Any], wire: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Per model class: the attributes whose spec property is ``x-decimal``."""
    found: dict[str, list[str]] = {}
    for name, schema in spec["components"]["schemas"].items():
        json_names = {k for k, v in merged_object(spec, schema)[0].items() if v.get("x-decimal")}
        attributes = [attr for attr, member in wire.get(name, {}).items() if member in json_names]
        if attributes:
            found[name] = sorted(attributes)
    return found


def _received_type(prop: Any, class_name: str, decimals: dict[str, list[str]]) -> str:
    """The annotation of a field of a received model: ``X`` when required, else ``X | None``."""
    if str(prop.python_name) in decimals.get(class_name, []):
        base = "WireDecimal"
    else:
        base = prop.get_type_string(no_optional=True).as_unembedded_code()
    parts = [part.strip() for part in base.split("|")]
    if not prop.required and "None" not in parts:
        parts.append("None")
    return " | ".join(parts)


def install_template_helpers(project: Any, spec: dict[str, Any]) -> None:
    """Jinja globals and filters the project's model template uses (see its header)."""
    import attrs

    sent = request_schemas(spec)
    decimals = decimal_fields(spec, wire_names(project))
    received = {str(m.class_info.name) for m in project.openapi.models} - sent
    env = project.env
    env.globals["received_models"] = received
    env.globals["decimal_fields"] = decimals

    def declaration(prop: Any, class_name: str) -> str:
        text = f"{prop.python_name}: {_received_type(prop, class_name, decimals)}"
        return text if prop.required else text + " = None"

    def docstring(prop: Any, class_name: str) -> str:
        from openapi_python_client.strings import safe_for_docstring

        text = safe_for_docstring(prop.description or "")
        return f"{prop.python_name} ({_received_type(prop, class_name, decimals)}): {text}"

    env.filters["received_declaration"] = declaration
    env.filters["received_docstring"] = docstring
    env.filters["as_required"] = lambda prop: attrs.evolve(prop, required=True)


def run_openapi_python_client(view_path: Path, output: Path, spec: dict[str, Any]) -> Any:
    """openapi-python-client through its public parts (``Config``, ``GeneratorData``, ``Project``): the
    project is built here so the template helpers can be installed in its environment first."""
    from openapi_python_client import Project
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData

    config = Config.from_sources(
        ConfigFile.load_from_path(CONFIG_PATH),
        MetaType.NONE,
        view_path,
        "utf-8",
        overwrite=True,
        output_path=output,
    )
    openapi = GeneratorData.from_dict(load_yaml(view_path.read_text(encoding="utf-8")), config=config)
    if not isinstance(openapi, GeneratorData):
        raise GenerationError(f"openapi-python-client could not read the spec: {openapi}")
    project = Project(openapi=openapi, config=config, custom_template_path=TEMPLATES)
    install_template_helpers(project, spec)
    problems = project.build()
    if problems:
        details = "\n".join(f"{p.level.value}: {p.header}: {p.detail}" for p in problems)
        raise GenerationError(
            f"openapi-python-client reported problems (warnings fail the build):\n{details}"
        )
    return project


def run_datamodel_codegen(view_path: Path, output: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(view_path),
        "--input-file-type",
        "openapi",
        "--output",
        str(output / "wire_models.py"),
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--base-class",
        f"{PACKAGE}._wire_base.WireModel",
        "--snake-case-field",
        "--field-constraints",
        "--use-schema-description",
        "--use-field-description",
        "--use-standard-collections",
        "--use-union-operator",
        "--target-python-version",
        "3.11",
        "--disable-timestamp",
        "--custom-file-header",
        WIRE_MODELS_HEADER,
        "--no-formatters",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or result.stderr.strip():
        raise GenerationError(f"datamodel-code-generator failed:\n{result.stderr}")


def format_output(project: Any) -> None:
    for command in project.config.post_hooks:
        result = subprocess.run(command, cwd=project.project_dir, shell=True, capture_output=True, text=True)
        if result.returncode != 0:
            raise GenerationError(f"post hook failed: {command}\n{result.stdout}{result.stderr}")


def generate(output: Path = DEFAULT_OUTPUT, spec_path: Path = SPEC_PATH) -> None:
    """Rebuild ``output`` from the spec: built beside it, then swapped in whole - a failed generation
    leaves the old package as it was."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".generating-", dir=output.parent) as work:
        build = Path(work) / output.name
        _build(build, spec_path)
        retired = Path(work) / f"{output.name}.previous"
        if output.exists():
            output.rename(retired)  # same file system: two renames, no window without a package
        build.rename(output)


def _build(output: Path, spec_path: Path) -> None:
    try:
        spec = load_spec(spec_path)
    except ValueError as exc:  # not a YAML mapping
        raise GenerationError(str(exc)) from None
    # The pinned ruff of this environment formats the output, even when its bin/ is not on PATH.
    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")
    with tempfile.TemporaryDirectory() as tmp:
        view_path = Path(tmp) / "bridge-api.client-view.yaml"
        folded = folded_view(spec)  # what the model template and the facade read
        view = _for_code_generators(copy.deepcopy(folded))
        view_path.write_text(yaml.safe_dump(view, sort_keys=False, allow_unicode=True), encoding="utf-8")
        project = run_openapi_python_client(view_path, output, folded)
        render_facade(project, folded, output)
        run_datamodel_codegen(view_path, output)
    (output / "py.typed").write_text("", encoding="utf-8")
    # The spec travels with the package: the sandbox serves it and validates against it.
    (output / "spec.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    format_output(project)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="package directory to (re)create")
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="OpenAPI spec to generate from")
    args = parser.parse_args(argv)
    try:
        generate(args.output.resolve(), args.spec.resolve())
    except GenerationError as exc:
        print(f"generation failed: {exc}", file=sys.stderr)
        return 1
    print(f"generated {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
