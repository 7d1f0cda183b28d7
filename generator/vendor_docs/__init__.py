"""The docs -> spec loop: read the vendor's pages, compare them with the spec, propose the change.

Modules, one job each:

- ``facts``: the facts of one operation (fields, types, required flags, enums, examples, statuses),
  taken from the spec or from a page, and the committed page snapshots under ``spec/pages``.
- ``page``: parse a page in the layout the vendor's GitBook export arrives in (English or Chinese).
- ``render``: write a spec operation as a page in that layout (round-trip tests, local drills).
- ``drift``: compare a page with the spec and with its committed snapshot; one row per difference.
- ``sync``: write unambiguous additive drift into the spec and the snapshot; draft the rest.
- ``changelog``: what changed between two spec versions for SDK callers, and the version bump.
- ``fetch``: read pages from files or URLs (timeouts, retries, clear errors).
- ``cli``: ``python generator/docs.py check|sync|changelog|render`` (the nox sessions call it).
"""
