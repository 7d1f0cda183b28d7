"""The registry and typed facade of the generated client: the facts of each spec operation, rendered into
``registry.py`` (plain data the runtime reads) and ``facade.py`` (typed methods) from the templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api_reference import docstring_text, field_docs
from spec_tools import PACKAGE, GenerationError, deref, doc_url, merged_object, operations


def operation_facts(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per operationId, the extension values the facade template needs."""
    facts: dict[str, dict[str, Any]] = {}
    for _, op in operations(spec):
        body_ref = op["requestBody"]["content"]["application/json"]["schema"]
        facts[op["operationId"]] = {
            "body_schema": body_ref["$ref"].rsplit("/", 1)[-1],
            "summary": op["summary"].rstrip("."),
            "biz_type": op["x-biz-type"],
            "aliases": op.get("x-biz-type-aliases", []),
            "group": op.get("x-group"),
            "version": op["x-api-version"],
            "doc_url": doc_url(op),
            "doc_status": op["x-doc-status"],
            "sdk_data": op["x-sdk-data"],
            "read_only": bool(op["x-read-only"]),
            "retry_lookup_code": retry_lookup_code(op.get("x-retry-lookup")),
            "pagination_code": pagination_code(op.get("x-pagination")),
            "pagination": op.get("x-pagination"),
        }
    return facts


ERROR_CODE_KEYS = {"name", "error", "meaning", "retryable", "field", "missing"}  # missing: the sandbox's


def error_codes_code(spec: dict[str, Any]) -> str:
    """Python source of the ``ERROR_CODES`` table from the spec's ``x-error-codes``."""
    entries = []
    for code, entry in spec.get("x-error-codes", {}).items():
        unknown = set(entry) - ERROR_CODE_KEYS
        if unknown or not {"name", "error", "meaning"} <= set(entry):
            raise GenerationError(
                f"x-error-codes {code}: needs name, error, meaning (unknown: {sorted(unknown)})"
            )
        args = ", ".join(
            f"{key}={entry[key]!r}"
            for key in ("name", "error", "meaning", "retryable", "field")
            if key in entry
        )
        entries.append(f"    {str(code)!r}: ErrorCode(code={str(code)!r}, {args}),")
    return "{\n" + "\n".join(entries) + "\n}"


def platform_code(spec: dict[str, Any]) -> str:
    """Python source of ``PLATFORM`` from the spec's ``x-rate-limit`` and the ``recvWindow`` header
    (its ``default`` and its ``x-integer-range``)."""
    limit = spec.get("x-rate-limit")
    recv = spec["components"]["parameters"].get("recvWindow", {}).get("schema", {})
    if not isinstance(limit, dict) or "default" not in recv or len(recv.get("x-integer-range") or ()) != 2:
        raise GenerationError(
            "the spec needs x-rate-limit and a recvWindow header with a default and an x-integer-range"
        )
    try:
        values = (int(limit["requests"]), float(limit["window-seconds"]), float(limit["first-ban-seconds"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise GenerationError(
            f"x-rate-limit needs requests, window-seconds, first-ban-seconds: {exc}"
        ) from None
    requests, window, ban = values
    low, high = (int(bound) for bound in recv["x-integer-range"])
    return (
        f"PlatformLimits(requests={requests}, window_seconds={window}, first_ban_seconds={ban},"
        f" recv_window_ms={int(recv['default'])}, recv_window_range_ms=({low}, {high}))"
    )


def notification_models(spec: dict[str, Any]) -> dict[str, str]:
    """Message type -> model name, from the notification's ``contentSchema`` members and their
    ``x-message-type`` (in the spec's order)."""
    content = spec["webhooks"]["bridgeNotification"]["post"]["requestBody"]["content"]
    schema = deref(spec, next(iter(content.values()))["schema"])
    members = schema["properties"]["content"]["contentSchema"]["anyOf"]
    table: dict[str, str] = {}
    for member in members:
        name = member["$ref"].rsplit("/", 1)[-1]
        message_type = spec["components"]["schemas"][name].get("x-message-type")
        if not isinstance(message_type, str):
            raise GenerationError(f"notification content schema {name} needs x-message-type")
        table[message_type] = name
    return table


def notification_models_code(spec: dict[str, Any]) -> str:
    """Python source of ``NOTIFICATION_MODELS`` (see [`notification_models`][])."""
    return repr(notification_models(spec))


def pagination_code(rule: dict[str, Any] | None) -> str:
    """Python source of the ``Pagination`` for an ``x-pagination`` extension."""
    if rule is None:
        return "None"
    names = {
        "style": "style",
        "records": "records",
        "page": "page",
        "size": "size",
        "total": "total",
        "start": "start",
        "end": "end",
        "limit": "limit",
        "max-limit": "max_limit",
        "max-window-ms": "max_window_ms",
        "time": "time",
    }
    unknown = set(rule) - set(names) - {"key"}
    if unknown:
        raise GenerationError(f"x-pagination: unknown keys {sorted(unknown)}")
    args = [f"{names[key]}={value!r}" for key, value in rule.items() if key in names]
    args.append(f"key={tuple(rule.get('key', []))!r}")
    return f"Pagination({', '.join(args)})"


def retry_lookup_code(rule: dict[str, Any] | None) -> str:
    """Python source of the ``RetryLookup`` for an ``x-retry-lookup`` extension."""
    if rule is None:
        return "None"
    keys = rule["key"] if isinstance(rule["key"], list) else [rule["key"]]
    landed = {name: tuple(str(v) for v in values) for name, values in (rule.get("landed-when") or {}).items()}
    return (
        f"RetryLookup(operation_id={rule['operationId']!r}, keys={tuple(keys)!r}, "
        f"generate_key={rule.get('generate-key')!r}, match={tuple(rule.get('match', []))!r}, "
        f"created_at={rule.get('created-at')!r}, "
        f"landed_when={landed!r}, not_found_codes=frozenset({sorted(rule.get('not-found-codes', []))!r}), "
        f"duplicate_codes=frozenset({sorted(rule.get('duplicate-codes', []))!r}), "
        f"platform_dedupes={bool(rule.get('platform-dedupes', False))!r})"
    )


def _success_prop(endpoint: Any) -> Any:
    """The success-envelope model of an endpoint's 200 response (first ``anyOf`` member)."""
    for response in endpoint.responses.patterns:
        if response.status_code.range == (200, 200):
            prop = response.prop
            return prop.inner_properties[0] if hasattr(prop, "inner_properties") else prop
    raise GenerationError(f"{endpoint.name}: no 200 response")


#: Keyword arguments every generated method takes besides the body fields.
CALL_KEYWORDS = frozenset({"options", "timeout", "extra_headers", "extra_body"})


def _raw(name: Any) -> str:
    """A JSON member name as written in the spec (rendered with ``repr``, so never as code)."""
    return str(name.get_untrusted_value() if hasattr(name, "get_untrusted_value") else name)


def wire_names(project: Any) -> dict[str, dict[str, str]]:
    """Attribute -> JSON member names of every attrs model (the runtime's typed decoder needs them)."""
    found: dict[str, dict[str, str]] = {}
    for model in project.openapi.models:
        props = [*model.required_properties, *model.optional_properties]
        found[model.class_info.name] = {str(p.python_name): _raw(p.name) for p in props}
    return dict(sorted(found.items()))


def input_kinds(spec: dict[str, Any], schema_name: str, wire: dict[str, str]) -> dict[str, str]:
    """Request attributes that take more than their wire type: ``decimal`` (``x-decimal``:
    Decimal, int or str) and ``str`` / ``int`` (``x-also-accepts``: the other JSON type)."""
    props, _ = merged_object(spec, spec["components"]["schemas"][schema_name])
    kinds: dict[str, str] = {}
    for attr, member in wire.items():
        prop = props.get(member, {})
        if prop.get("x-decimal"):
            kinds[attr] = "decimal"
        elif prop.get("x-also-accepts") in ("integer", "string"):
            kinds[attr] = {"integer": "int", "string": "str"}[prop["x-also-accepts"]]
    return kinds


def selector_of(spec: dict[str, Any], schema_name: str, wire: dict[str, str]) -> dict[str, Any] | None:
    """The ``x-sdk-selector`` schema a request body includes (``allOf``): parameter name, model, fields."""
    schemas = spec["components"]["schemas"]
    for part in schemas[schema_name].get("allOf", []):
        name = part.get("$ref", "").rsplit("/", 1)[-1]
        param = schemas.get(name, {}).get("x-sdk-selector")
        if param:
            members = set(schemas[name]["properties"])
            return {
                "param": param,
                "model": name,
                "fields": [attr for attr, member in wire.items() if member in members],
            }
    return None


def company_fields(spec: dict[str, Any], schema_name: str, wire: dict[str, str]) -> list[str]:
    """Body attributes the SDK fills with the client's company (spec ``x-sdk-fill: company-id``)."""
    props, _ = merged_object(spec, spec["components"]["schemas"][schema_name])
    return [attr for attr, member in wire.items() if props.get(member, {}).get("x-sdk-fill") == "company-id"]


def _param_line(prop: Any, kind: str | None, optional: bool) -> str:
    """``name: type = default`` of one body field as a method parameter."""
    base = prop.get_type_string(no_optional=True).as_unembedded_code()
    values = getattr(prop, "values", None)
    if values and hasattr(prop, "class_info"):
        base = f"{base} | Literal[{', '.join(repr(v) for v in values.values())}]"
    elif kind == "decimal":
        base = "Decimal | int | str"
    elif kind in ("str", "int"):
        base = f"{base} | {kind}"
    if optional:
        return f"{prop.python_name}: {base} | None = None"
    if not prop.required:
        default = "UNSET"
        if prop.default is not None and not values:
            default = prop.default.python_code.as_unembedded_code()
        return f"{prop.python_name}: {base} | Unset = {default}"
    if values and len(values) == 1 and hasattr(prop, "class_info"):
        return f"{prop.python_name}: {base} = {prop.class_info.name}.{next(iter(values))}"
    return f"{prop.python_name}: {base}"


def _argument_docs(spec: dict[str, Any], schema: str, attributes: dict[str, str]) -> list[dict[str, str]]:
    """``{"name", "text"}`` per body field: its meaning from the spec and its JSON member."""
    return [
        {
            "name": field.attribute,
            "text": docstring_text(f"{field.meaning} JSON ``{field.member}``, {field.type_text}."),
        }
        for field in field_docs(spec, schema, attributes)
    ]


def _record_prop(data: Any, paging: dict[str, Any]) -> Any:
    """The property of one record a paginated operation yields (items of ``data`` or ``data.<records>``)."""
    if paging["style"] == "page":
        fields = [*data.required_properties, *data.optional_properties]
        return next(p for p in fields if _raw(p.name) == paging["records"]).inner_property
    return data.inner_property


def render_facade(project: Any, spec: dict[str, Any], output: Path) -> None:
    facts = operation_facts(spec)
    wire = wire_names(project)
    endpoints = sorted(
        (e for c in project.openapi.endpoint_collections_by_tag.values() for e in c.endpoints),
        key=lambda e: str(e.name),
    )
    imports: set[str] = set()
    runtime_imports: set[str] = {"from .types import UNSET, Unset"}
    return_types: dict[str, str] = {}
    success_models: dict[str, str] = {}
    call_params: dict[str, list[dict[str, str]]] = {}
    selectors: dict[str, dict[str, Any]] = {}
    overload_params: dict[str, list[list[dict[str, str]]]] = {}
    paginated: dict[str, dict[str, Any]] = {}
    arg_docs: dict[str, list[dict[str, str]]] = {}  # per operation: each argument's meaning (spec)
    for endpoint in endpoints:
        name = str(endpoint.name)
        body = endpoint.bodies[0].prop
        if body.class_info.name != facts[name]["body_schema"]:  # the runtime finds the model by the name
            raise GenerationError(f"{name}: body model {body.class_info.name} is not named like its schema")
        imports.add(f"from .models.{body.class_info.module_name} import {body.class_info.name}")
        for prop in [*body.required_properties, *body.optional_properties]:
            imports.update(prop.get_imports(prefix="."))
            imports.update(prop.get_lazy_imports(prefix="."))
        clash = {
            str(p.python_name) for p in [*body.required_properties, *body.optional_properties]
        } & CALL_KEYWORDS
        if clash:
            raise GenerationError(f"{name}: body field(s) {sorted(clash)} clash with the per-call keywords")
        for prop in body.required_properties:
            if getattr(prop, "values", None) and len(prop.values) == 1:  # an enum member as the default
                runtime_imports.add(
                    f"from .models.{prop.class_info.module_name} import {prop.class_info.name}"
                )
        arg_docs[name] = _argument_docs(spec, facts[name]["body_schema"], wire.get(body.class_info.name, {}))
        kinds = input_kinds(spec, facts[name]["body_schema"], wire.get(body.class_info.name, {}))
        filled = company_fields(spec, facts[name]["body_schema"], wire.get(body.class_info.name, {}))
        facts[name]["company_fields"] = filled
        kinds.update(dict.fromkeys(filled, "int"))  # digits of the company: an int is taken too
        selector = selector_of(spec, facts[name]["body_schema"], wire.get(body.class_info.name, {}))
        chosen = set(selector["fields"]) if selector else set()
        lines = []
        by_selector: list[dict[str, str]] = []  # the two @overload variants: a selector value ...
        by_fields: list[dict[str, str]] = []  # ... or its fields one by one
        if selector:
            imports.add(f"from .models import {selector['model']}")
            param, model = selector["param"], selector["model"]
            lines.append({"name": param, "text": f"{param}: {model} | None = None"})
            by_selector.append({"name": param, "text": f"{param}: {model}"})
            selectors[name] = selector
            fields = ", ".join(f"``{f}``" for f in selector["fields"])
            text = f"The account to act on, a ``{model}``; or give {fields} one by one."
            arg_docs[name].insert(0, {"name": param, "text": text})
        for prop in [*body.required_properties, *body.optional_properties]:
            py = str(prop.python_name)
            lines.append({"name": py, "text": _param_line(prop, kinds.get(py), py in chosen or py in filled)})
            by_fields.append({"name": py, "text": _param_line(prop, kinds.get(py), py in filled)})
            if py not in chosen:
                by_selector.append(lines[-1])
        call_params[name] = lines
        if selector:
            overload_params[name] = [by_selector, by_fields]
        success = _success_prop(endpoint)
        imports.add(f"from .models.{success.class_info.module_name} import {success.class_info.name}")
        success_models[name] = success.class_info.name
        data = next(
            p for p in [*success.required_properties, *success.optional_properties] if p.name == "data"
        )
        sdk_data = facts[name]["sdk_data"]
        if sdk_data == "model":
            imports.update(data.get_imports(prefix="."))
            imports.update(data.get_lazy_imports(prefix="."))
            type_string = data.get_type_string(no_optional=True).as_unembedded_code()
            # an optional `data` (a page example without it) arrives as None, never as Unset
            return_types[name] = type_string if data.required else f"{type_string} | None"
        else:
            return_types[name] = {"none": "None", "raw": "JsonValue", "bool_string": "bool"}[sdk_data]
        paging = facts[name]["pagination"]
        if paging:
            record = _record_prop(data, paging)
            item_type = str(record.get_type_string(no_optional=True).as_unembedded_code())
            if not item_type.isidentifier():  # the paginate view names the record's model class
                raise GenerationError(f"{name}: x-pagination records are {item_type}, not one model")
            paginated[name] = {"item_type": item_type}
    # Imports of Unset/UNSET come from get_imports; keep only the names used.
    settled_types = sorted(
        {return_types[name] for name, info in facts.items() if info["retry_lookup_code"] != "None"}
    )
    template = project.env.get_template("facade.py.jinja")
    text = template.render(
        settled_types=settled_types,
        endpoints=endpoints,
        spec_ops=facts,
        arg_docs=arg_docs,
        imports=imports,
        return_types=return_types,
        call_params=call_params,
        selectors=selectors,
        overload_params=overload_params,
        paginated=paginated,
        package=PACKAGE,
        runtime_imports=runtime_imports,
    )
    (output / "facade.py").write_text(text, encoding="utf-8")
    notifications = notification_models(spec)  # the registry's table and the Message union
    registry = project.env.get_template("registry.py.jinja").render(
        endpoints=endpoints,
        spec_ops=facts,
        success_models=success_models,
        wire_names_code=repr(wire),
        error_codes_code=error_codes_code(spec),
        platform_code=platform_code(spec),
        notification_models_code=repr(notifications),
        package=PACKAGE,
    )
    (output / "registry.py").write_text(registry, encoding="utf-8")
    (output / "notifications.py").write_text(
        project.env.get_template("notifications.py.jinja").render(models=list(notifications.values())),
        encoding="utf-8",
    )
    (output / "_wire_base.py").write_text(
        project.env.get_template("wire_base.py.jinja").render(), encoding="utf-8"
    )
