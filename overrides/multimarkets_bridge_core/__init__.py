"""The small core that generated and handwritten code share: it imports neither.

``multimarkets_bridge_client`` (generated from the spec) builds its models, registry and typed methods on
these types; ``multimarkets_bridge`` (the handwritten runtime) reads that generated package and performs
the calls. Imports point one way: core <- generated <- runtime.

- [`records`][multimarkets_bridge_core.records]: what the registry says about an operation, an error code,
  the platform's limits, and ``JsonValue``.
- [`calls`][multimarkets_bridge_core.calls]: per-call options, ``RawResponse`` and the raw-response view.
- [`paging`][multimarkets_bridge_core.paging]: ``Pager`` / ``AsyncPager`` over a list operation.
- [`money`][multimarkets_bridge_core.money]: decimal text on the wire, ``Decimal`` in Python.
- [`unset`][multimarkets_bridge_core.unset]: the ``UNSET`` marker of a field left out.
"""
