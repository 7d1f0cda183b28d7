"""Task runner. Sessions: generate, check_generated, lint, tests, contract, demo, bench, docs_check,
docs_sync, changelog.

Every session installs what it needs into its own virtualenv, so each works on a fresh machine.
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["check_generated", "lint", "tests"]

# Versions that change generated output are pinned here and in pyproject's `dev` extra.
GENERATOR_DEPS = [
    "openapi-python-client==0.29.1",
    "datamodel-code-generator==0.89.0",
    "ruff==0.17.5",
    "pyyaml==6.0.3",
]
# The docs -> spec loop also edits YAML (round trip), validates examples and fetches pages.
DOCS_DEPS = [*GENERATOR_DEPS, "ruamel.yaml==0.19.1", "jsonschema==4.26.0", "httpx>=0.27,<0.29"]
HANDWRITTEN = ["overrides", "generator", "sandbox", "tests", "benchmarks", "examples", "noxfile.py"]


def _install_project(session: nox.Session, extras: str = "webhooks", *, dev: bool = True) -> None:
    """The SDK (editable, with ``extras``), the sandbox distribution beside it, and the pinned tools
    (PEP 735 group ``dev``)."""
    session.install("--upgrade", "pip")
    session.install("-e", f".[{extras}]", "-e", "./sandbox", *(["--group", "dev"] if dev else []))


@nox.session
def generate(session: nox.Session) -> None:
    """Delete and rebuild generated_client/multimarkets_bridge_client from the spec."""
    session.install(*GENERATOR_DEPS)
    session.run("python", "generator/generate.py", *session.posargs)


@nox.session
def check_generated(session: nox.Session) -> None:
    """Fail with a unified diff when the committed generated code differs from a fresh generation."""
    session.install(*GENERATOR_DEPS)
    session.run("python", "generator/check_generated.py")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (check + format --check) on handwritten code, mypy --strict on overrides/generator/sandbox."""
    _install_project(session)
    session.run("ruff", "check", *HANDWRITTEN)
    session.run("ruff", "format", "--check", *HANDWRITTEN)
    session.run(
        "mypy",
        "overrides/multimarkets_bridge",
        "generator",
        "sandbox/multimarkets_bridge_sandbox",
        "benchmarks",
        "examples",  # the public API as a caller's type checker sees it
    )


@nox.session
def tests(session: nox.Session) -> None:
    """The whole pytest suite: spec, generation, signing, client, sandbox, contract, end-to-end."""
    _install_project(session)
    session.run("pytest", *session.posargs)


@nox.session
def contract(session: nox.Session) -> None:
    """schemathesis contract suite against the in-process sandbox (``-- --live`` for a real environment)."""
    _install_project(session)
    args = list(session.posargs)
    env = {}
    if "--live" in args:
        args.remove("--live")
        env["MULTIMARKETS_LIVE"] = "1"
    session.run("pytest", "tests/contract", "-p", "no:cacheprovider", *args, env=env)


@nox.session
def demo(session: nox.Session) -> None:
    """Regenerate, install, run the whole business flow against the local sandbox (``-- --live`` too)."""
    session.install(*GENERATOR_DEPS)
    session.run("python", "generator/generate.py")
    _install_project(session, dev=False)
    session.run("python", "-m", "multimarkets_bridge_sandbox.demo", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Every performance figure as a ratio against a same-run baseline; writes build/bench.json and
    rewrites the README's Performance table from it (``-- --quick`` for a smoke run)."""
    session.install(*GENERATOR_DEPS, "pytest==9.2.0")  # pytest: the fixture figure runs a small suite
    _install_project(session, "webhooks,aiohttp", dev=False)
    session.run("python", "benchmarks/run.py", "--readme", *session.posargs)


@nox.session
def docs_check(session: nox.Session) -> None:
    """Drift table between vendor pages (files or URLs; default: the snapshots' URLs) and the spec.

    ``-- --json`` for machines. Exit status 0 = no drift, 1 = drift, 2 = a page could not be read.
    """
    session.install(*DOCS_DEPS)
    session.run("python", "generator/docs.py", "check", *session.posargs)


@nox.session
def docs_sync(session: nox.Session) -> None:
    """Apply additive drift to the spec and snapshots, bump the version, regenerate, run the drift gate.

    Everything else is printed for a person (with a drafted YAML fragment for a new operation); exit 1.
    """
    session.install(*DOCS_DEPS)
    session.run("python", "generator/docs.py", "sync", *session.posargs)


@nox.session
def changelog(session: nox.Session) -> None:
    """Markdown changelog between two specs (files or git refs): ``nox -s changelog -- OLD NEW``."""
    session.install(*DOCS_DEPS)
    session.run("python", "generator/docs.py", "changelog", *session.posargs)
