"""Every command in README.md and docs/ runs, as written, and does what the page says.

Each page is a walkthrough run in one temporary folder of its own:

- its shell blocks (```sh, ```bash, ```shell, ```console, and any block whose lines start with
  ``$ ``) run command by command through bash, in page order, with this environment's
  ``vcler`` first on PATH; ``cd`` carries over to the next command;
- a block under a line naming a file (```toml under "`server.toml`:") is written as that file,
  the page's own placeholders replaced;
- ``vcler serve --config FILE ...`` starts that server on 127.0.0.1 and a free port (plain HTTP:
  the page's certificate files are the reader's), and curl commands reach it: the base_url of
  its configuration is rewritten to the server's address;
- then its Python blocks run in one namespace, in page order, in the folder the commands left.

What a command must do: exit 0. A console block's output lines must appear in the output, in
order (``...`` elides anything). A comment line right after a curl command that starts with an
HTTP status (``# 201 {"verifiableCredential": {...}}``) gives the status of the answer; the
members of its JSON sketch must be in the answer, with the same value where one is shown.

Everything a page leaves to the reader is listed here, each with its reason: commands that
cannot run in a test (SKIPPED), placeholders to replace (PLACEHOLDERS), the files a page takes
for granted (FILES) and the Python names it takes from elsewhere (SEEDS; PAGE_SEEDS and
BLOCK_SEEDS where a page or a block means something else by one). Anything else runs, so a
command added to the docs is tested by default; a stale entry here fails.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import io
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.docs_pages import ROOT, Block, blocks, pages
from tests.test_examples import load
from vcler.keys import KeyPair, PublicKey
from vcler.status import StatusRegistry

SHELL = frozenset({"sh", "bash", "shell", "console"})
PYTHON = frozenset({"python", "py"})

# (page, command on one line without its comment) -> why it does not run here.
SKIPPED: dict[tuple[str, str], str] = {
    (
        "README.md",
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/vcler demo",
    ): "installs into ./.venv from a clone; .ci/run builds the wheel, installs it in a fresh "
    "venv and runs vcler demo",
    (
        "README.md",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/ruff check "
        "src tests benchmarks && .venv/bin/python -m pytest -q",
    ): "the whole test suite, which this test is part of: .ci/run runs it (tests/test_readme.py)",
    ("docs/quickstart.md", "python3 -m venv .venv"): "the venv of the install below",
    ("docs/quickstart.md", ".venv/bin/pip install vcler"): "installs from PyPI",
    ("docs/index.md", "pip install vcler"): "installs from PyPI",
    ("docs/performance.md", "VCLER_MYPYC=1 pip install ."): "the compiled build: .ci/run builds "
    "it from the sdist with -C mypyc=1 and tests it (tests/test_compiled.py)",
    ("docs/performance.md", "pip install . -C mypyc=1"): "the compiled build, as above",
    ("docs/performance.md", "pip wheel . -C mypyc=1 -w dist/"): "the compiled build, as above",
    ("docs/index.md", 'pip install "vcler[server]"'): "installs from PyPI",
    ("docs/how-to/run-vc-api.md", 'pip install "vcler[server]"'): "installs from PyPI",
    (
        "docs/how-to/host-status-list.md",
        "vcler status publish ...",
    ): "abbreviates the publish command above",
    (
        "docs/conformance.md",
        "for suite in w3c/vc-data-model-2.0-test-suite w3c/vc-di-eddsa-test-suite "
        "w3c/vc-di-ecdsa-test-suite w3c/vc-bitstring-status-list-test-suite "
        'w3c-ccg/did-key-test-suite; do git clone "https://github.com/$suite" && '
        '(cd "${suite#*/}" && npm install && cp ../localConfig.cjs . && npm test); done',
    ): "clones the W3C suites from GitHub and installs them from npm; "
    "tests/server/test_conformance_config.py calls the endpoints they use",
}

# (page, first line of a Python block) -> why it does not run here.
SKIPPED_PYTHON: dict[tuple[str, str], str] = {
    (
        "docs/data-integrity.md",
        'add_proof(document, *, signer, suite="eddsa-rdfc-2022", purpose="assertionMethod",',
    ): "a signature, not code",
    (
        "docs/data-integrity.md",
        "verify_proofs(document, *, get_verification_method, loader=None,",
    ): "a signature, not code",
    ("docs/data-integrity.md", "EddsaRdfc2022 = Cryptosuite("): "an excerpt of vcler's source",
    ("docs/keys.md", "class Signer(Protocol):"): "the shape of the protocol (vcler.keys.Signer)",
    (
        "docs/dids.md",
        "from vcler.did import resolve",
    ): "a shortened did:jwk, and did:web resolution over the network",
    (
        "docs/how-to/verify-offline.md",
        "from vcler.net import Fetcher, FetchPolicy",
    ): "fetches over the network",
    ("docs/status.md", "from vcler.status import StatusChecker, StatusListCache"): "fetches over "
    "the network",
    ("docs/status.md", "statuses = self.status_checker.check(document)"): "an excerpt of "
    "vcler's source",
    (
        "docs/openbadges.md",
        "from vcler.openbadges import build_achievement_credential, build_clr_credential",
    ): "a sketch: the CLR's issuer, dates and associations are elided (...)",
}


@dataclass(frozen=True)
class Placeholder:
    """Text a reader replaces, and what the test puts there (from the page's folder)."""

    page: str | None  # None: every page
    text: str
    value: Callable[[Path], str]
    reason: str


def _key_file(folder: Path) -> Path | None:
    """The first key file with a secret in ``folder`` (as ``vcler key generate`` writes)."""
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and KeyPair.from_json(data).can_sign:
                return path
        except (ValueError, vcler.VclerError):
            continue
    return None


def _key(folder: Path) -> KeyPair:
    """The key of ``folder``'s key file, else a new did:key (not written)."""
    path = _key_file(folder)
    if path is None:
        return vcler.generate_key("Ed25519")
    return KeyPair.from_json(json.loads(path.read_text(encoding="utf-8")))


def _key_of(path: Path) -> KeyPair:
    return KeyPair.from_json(json.loads(path.read_text(encoding="utf-8")))


def _status_index(folder: Path) -> str:
    signed = json.loads((folder / "signed.json").read_text(encoding="utf-8"))
    return f"--index {signed['credentialStatus']['statusListIndex']}"


def _key_digest(folder: Path) -> str:
    key = (folder / "registrar.key").read_text(encoding="utf-8").strip()
    return hashlib.sha256(key.encode()).hexdigest()


PLACEHOLDERS = [
    Placeholder(
        None,
        "did:key:z6Mk...",
        lambda folder: _key(folder).controller,
        "the reader's own did:key: the controller of the key file the page made",
    ),
    Placeholder(
        "docs/conformance.md",
        "did:key:zDna...",
        lambda folder: _key_of(folder / "p256.json").controller,
        "the P-256 issuer's did:key: the controller of the page's p256.json",
    ),
    Placeholder(
        "docs/skills.md",
        "did:key:z6Mk...",
        lambda folder: _key_of(folder / "bootcamp-key.json").controller,
        "the bootcamp's did:key: the controller of the page's bootcamp-key.json",
    ),
    Placeholder(
        "docs/skills.md",
        "did:key:zDna...",
        lambda folder: _key_of(folder / "college-key.json").controller,
        "the college's did:key: the controller of the page's college-key.json",
    ),
    Placeholder(
        "docs/how-to/host-status-list.md",
        "--index 48213",
        _status_index,
        "an example index: the one signed.json got",
    ),
    Placeholder(
        "docs/how-to/run-vc-api.md",
        "<sha256 of registrar.key>",
        _key_digest,
        "the digest the page's command prints for the key it made",
    ),
]


# -- files a page takes for granted ------------------------------------------------------------


def _did_document(key: KeyPair) -> dict[str, Any]:
    """The DID document of ``key``'s controller, as the runnable example publishes it."""
    document: dict[str, Any] = load("verifier_service.py").did_web_document(key)
    return document


def _skill_badge(issuer: str) -> dict[str, Any]:
    """vcler's example Open Badge (the one ``vcler demo`` issues), from ``issuer``."""
    example = resources.files("vcler").joinpath("data", "examples", "skill-badge.json")
    credential: dict[str, Any] = json.loads(example.read_text(encoding="utf-8"))
    credential["issuer"]["id"] = issuer
    return credential


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


def _unsigned_credential(folder: Path) -> None:
    """credential.json: an unsigned Open Badge whose issuer is the folder's key."""
    _write_json(folder / "credential.json", _skill_badge(_key(folder).controller))


def _signed_badge(folder: Path) -> None:
    """signed.json: that badge, signed by the folder's key."""
    key = _key(folder)
    _write_json(folder / "signed.json", vcler.issue(_skill_badge(key.controller), signer=key))


def _new_key_file(folder: Path) -> None:
    """key.json: a new Ed25519 did:key."""
    _write_json(folder / "key.json", vcler.generate_key("Ed25519").to_json())


def _nquads(folder: Path) -> None:
    """data.nq: N-Quads with blank nodes."""
    (folder / "data.nq").write_text(
        '_:b0 <https://schema.org/name> "Ada"@en .\n'
        "_:b0 <https://schema.org/knows> _:b1 .\n"
        '_:b1 <https://schema.org/name> "Charles" .\n',
        encoding="utf-8",
    )


COLLEGE = "did:web:college.example.edu"
COLLEGE_LIST = "https://college.example.edu/status/1"


def _college(folder: Path) -> None:
    """A did:web college's DID document (college-did.json), its published status list
    (status-list.json) and a badge it issued with a status entry (credential.json, and a copy in
    credentials/), all valid on 2026-01-01."""
    key = KeyPair.generate("Ed25519", controller=COLLEGE, id=f"{COLLEGE}#key-1")
    issued = datetime(2025, 6, 1, tzinfo=timezone.utc)
    with StatusRegistry(folder / ".college-status.db", now=lambda: issued) as registry:
        registry.create_list(COLLEGE_LIST, purpose="revocation", signer=key)
        badge = vcler.issue(
            {**_skill_badge(COLLEGE), "validFrom": "2025-06-01T00:00:00Z"},
            signer=key,
            status=(registry, COLLEGE_LIST),
            created="2025-06-01T00:00:00Z",
        )
        status_list = registry.publish(COLLEGE_LIST, signer=key, now=issued)
    _write_json(folder / "college-did.json", _did_document(key))
    _write_json(folder / "status-list.json", status_list)
    _write_json(folder / "credential.json", badge)
    _write_json(folder / "credentials" / "badge.json", badge)


TRANSCRIPT_CONTEXT = "https://example.edu/contexts/transcript/v1"


def _contexts(folder: Path) -> None:
    """contexts/: a context of the college's own, with contexts.json naming its URL."""
    context = {"@context": {"transcriptGrade": "https://example.edu/vocab#transcriptGrade"}}
    _write_json(folder / "contexts" / "transcript-v1.jsonld", context)
    _write_json(folder / "contexts" / "contexts.json", {TRANSCRIPT_CONTEXT: "transcript-v1.jsonld"})


def _examples(folder: Path) -> None:
    """examples/: the repository's, as in a clone."""
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)


def _key_and_credential(folder: Path) -> None:
    """key.json and credential.json, an unsigned badge of its issuer (named in that order)."""
    if _key_file(folder) is None:
        _new_key_file(folder)
    _unsigned_credential(folder)


FILES: dict[str, dict[str, Callable[[Path], None]]] = {
    "README.md": {"credential.json": _unsigned_credential},
    "docs/quickstart.md": {"credential.json": _unsigned_credential},
    "docs/canonicalization.md": {"credential.json": _unsigned_credential, "data.nq": _nquads},
    "docs/how-to/host-status-list.md": {
        "key.json": _new_key_file,
        "credential.json": _unsigned_credential,
    },
    "docs/how-to/issue-open-badge.md": {"signed.json": _signed_badge},
    "docs/scale.md": {"credential.json": _key_and_credential, "key.json": _new_key_file},
    "docs/how-to/verify-offline.md": {
        "college-did.json": _college,
        "status-list.json": _college,
        "credential.json": _college,
        "credentials/": _college,
        "examples/": _examples,
        "contexts": _contexts,
    },
}


def _mentions(text: str, name: str) -> bool:
    after = "" if name.endswith("/") else r"(?![\w.-])"
    return re.search(rf"(?<![\w./-]){re.escape(name)}{after}", text) is not None


def _provide_files(page: str, folder: Path, text: str) -> None:
    """Write the files of FILES[page] that ``text`` names and ``folder`` lacks."""
    for name, make in FILES.get(page, {}).items():
        if _mentions(text, name) and not (folder / name).exists():
            make(folder)


# -- Python names a page takes from elsewhere -------------------------------------------------


class _LocalKms:
    """A stand-in for a cloud KMS client (the KMS how-to's ``client``): a P-256 key in memory."""

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec

        self._key = ec.generate_private_key(ec.SECP256R1())

    def get_public_key(self, key_name: str) -> Any:
        return self._key.public_key()

    def sign_digest(self, key_name: str, digest: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

        return self._key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))


Seed = Callable[[Path, Callable[[str], Any]], Any]


def _seed_credential(folder: Path, need: Callable[[str], Any]) -> Any:
    if (folder / "credential.json").exists():
        return json.loads((folder / "credential.json").read_text(encoding="utf-8"))
    return _skill_badge(need("key").controller)


def _example_did_document(folder: Path, need: Callable[[str], Any]) -> dict[str, Any]:
    did = "did:web:example.com"
    return _did_document(KeyPair.generate("Ed25519", controller=did, id=f"{did}#key-0"))


# name -> (what it stands for, how the test makes it from the folder and the other names);
# made when a Python block uses the name before any block of the page defines it.
SEEDS: dict[str, tuple[str, Seed]] = {
    "vcler": ("the vcler package", lambda folder, need: vcler),
    "key": ("the issuer's key: the page's key file", lambda folder, need: _key(folder)),
    "credential": ("credential.json of the page, or an unsigned badge", _seed_credential),
    "document": (
        "a signed credential",
        lambda folder, need: vcler.issue(_skill_badge(need("key").controller), signer=need("key")),
    ),
    "documents": ("signed credentials", lambda folder, need: [need("document")]),
    "associations": ("a crosswalk (none)", lambda folder, need: []),
    "did_document": ("did:web:example.com's DID document", _example_did_document),
    "url": ("a status list URL", lambda folder, need: COLLEGE_LIST),
    "url2": ("another", lambda folder, need: "https://college.example.edu/status/2"),
    "client": ("a KMS client", lambda folder, need: _LocalKms()),
}


def _kms_credential(folder: Path, need: Callable[[str], Any]) -> Any:
    public = PublicKey.from_cryptography(need("client").get_public_key("issuer"))
    return _skill_badge(KeyPair(public).controller)


def _transcript_credential(folder: Path, need: Callable[[str], Any]) -> Any:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", TRANSCRIPT_CONTEXT],
        "type": ["VerifiableCredential"],
        "issuer": need("key").controller,
        "validFrom": "2025-06-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "transcriptGrade": "A"},
    }


# Names that mean something else on one page, or in one block, than SEEDS says.
PAGE_SEEDS: dict[str, dict[str, tuple[str, Seed]]] = {
    "docs/how-to/kms-signer.md": {
        "credential": ("an unsigned badge from the KMS key's did:key", _kms_credential),
    },
}
BLOCK_SEEDS: dict[tuple[str, str], dict[str, tuple[str, Seed]]] = {
    ("docs/how-to/verify-offline.md", "from vcler.jsonld import StaticDocumentLoader"): {
        "key": ("an issuer's key", lambda folder, need: vcler.generate_key("Ed25519")),
        "credential": ("an unsigned credential using contexts/", _transcript_credential),
    },
}


# -- reading the pages --------------------------------------------------------------------------


@dataclass
class Command:
    """A shell command of a page, with what the page says it prints."""

    line: int
    text: str
    expected: list[str] = field(default_factory=list)
    console: bool = False

    @property
    def key(self) -> str:
        """The command on one line, without its comment: how SKIPPED names it."""
        lines = [re.sub(r"\s+#\s.*$", "", line) for line in self.text.split("\\\n")]
        return " ".join(" ".join(lines).split())


@dataclass(frozen=True)
class Step:
    block: Block
    kind: str  # "shell", "file" or "python"
    commands: tuple[Command, ...] = ()


_FILE_CAPTION = re.compile(r"^`([\w.-]+)`:$")


def _complete(lines: list[str]) -> bool:
    text = "\n".join(lines)
    if text.endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:  # an open quote: the command goes on
        return False
    return True


def _commands(block: Block) -> list[Command]:
    """The commands of a shell block; in a console block, each one's output lines."""
    lines = block.text.splitlines()
    console = block.language == "console" or any(line.startswith("$ ") for line in lines)
    commands: list[Command] = []
    open_lines: list[str] = []
    last: Command | None = None
    for number, line in enumerate(lines, start=block.line):
        if open_lines:
            open_lines.append(line)
        elif console and line.startswith("$ "):
            open_lines = [line[2:]]
        elif console:
            if last is not None and line.strip():
                last.expected.append(line.rstrip())
            continue
        elif not line.strip():
            last = None
            continue
        elif line.lstrip().startswith("#"):
            if last is not None:
                last.expected.append(line.lstrip()[1:].strip())
            continue
        else:
            open_lines = [line]
        if len(open_lines) == 1:
            start = number
        if _complete(open_lines):
            last = Command(start, "\n".join(open_lines), console=console)
            commands.append(last)
            open_lines = []
    assert not open_lines, f"{block.page}:{start}: unfinished command"
    return commands


def _steps(page: str) -> list[Step]:
    steps = []
    for block in blocks(page):
        dollar = any(line.startswith("$ ") for line in block.text.splitlines())
        if block.language in SHELL or (block.language in ("", "text") and dollar):
            steps.append(Step(block, "shell", tuple(_commands(block))))
        elif block.language in PYTHON:
            steps.append(Step(block, "python"))
        elif _FILE_CAPTION.match(block.caption):
            steps.append(Step(block, "file"))
    return steps


def _first_line(block: Block) -> str:
    return next(line for line in block.text.splitlines() if line.strip())


def _serves(page: str) -> bool:
    return any(c.key.startswith("vcler serve ") for s in _steps(page) for c in s.commands)


RUNNABLE = [
    pytest.param(page, marks=[pytest.mark.network] if _serves(page) else [])
    for page in pages()
    if _steps(page)
]


# -- running them -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class _Server:
    process: subprocess.Popen[bytes]
    url: str
    base_url: str


class PageRun:
    """One page's walkthrough in ``folder``."""

    def __init__(self, page: str, folder: Path, scratch: Path) -> None:
        self.page = page
        self.cwd = folder
        self.scratch = scratch  # the test's own files, outside the page's folder
        bin_dir = str(Path(sys.executable).parent)
        self.env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
        vcler_command = shutil.which("vcler", path=self.env["PATH"])
        assert vcler_command, "the vcler command is not installed"
        self.vcler = vcler_command
        self.server: _Server | None = None

    def where(self, command: Command) -> str:
        return f"{self.page}:{command.line}: {command.key}"

    def write_file(self, block: Block) -> None:
        match = _FILE_CAPTION.match(block.caption)
        assert match is not None
        text = block.text
        for placeholder in PLACEHOLDERS:  # the page's own placeholders, in files too
            if placeholder.page == self.page and placeholder.text in text:
                text = text.replace(placeholder.text, placeholder.value(self.cwd))
        (self.cwd / match.group(1)).write_text(text, encoding="utf-8")

    def run(self, command: Command) -> None:
        if (self.page, command.key) in SKIPPED:
            return
        text = command.text
        for placeholder in PLACEHOLDERS:
            if placeholder.page in (None, self.page) and placeholder.text in text:
                text = text.replace(placeholder.text, placeholder.value(self.cwd))
        _provide_files(self.page, self.cwd, text)
        words = shlex.split(text, comments=True) or [""]
        if words[:2] == ["vcler", "serve"]:
            self.serve(command, words)
            return
        headers = self.scratch / "headers"
        headers.unlink(missing_ok=True)
        if self.server is not None:
            text = text.replace(self.server.base_url, self.server.url)
        if words[0] == "curl":
            assert shutil.which("curl"), "curl is not installed"
            text = f"curl -D {shlex.quote(str(headers))} " + text[len("curl ") :]
        where = self.scratch / "pwd"
        script = (
            f"set -o pipefail\n{text}\nstatus=$?\npwd > {shlex.quote(str(where))}\nexit $status"
        )
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"{self.where(command)}\nexit {done.returncode}\n{output}"
        self.cwd = Path(where.read_text(encoding="utf-8").strip())
        if command.console:
            _check_output(command, output, self.where(command))
        elif words[0] == "curl":
            _check_answer(command, headers, done.stdout, self.where(command))

    def serve(self, command: Command, words: list[str]) -> None:
        """``vcler serve --config FILE ...`` on 127.0.0.1 and a free port, without TLS."""
        pytest.importorskip("starlette")
        from vcler.server import load_config

        config = words[words.index("--config") + 1]
        port = _free_port()
        log = (self.scratch / "serve.log").open("wb")
        process = subprocess.Popen(
            [self.vcler, "serve", "--config", config, "--host", "127.0.0.1", "--port", str(port)],
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()
        url = f"http://127.0.0.1:{port}"
        self.server = _Server(process, url, load_config(self.cwd / config).base_url)
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/", timeout=2)
                return
            except httpx.TransportError:
                log_text = (self.scratch / "serve.log").read_text(errors="replace")
                assert process.poll() is None, f"{self.where(command)}\n{log_text}"
                assert time.monotonic() < deadline, f"{self.where(command)}: no answer"
                time.sleep(0.1)

    def stop(self) -> None:
        if self.server is not None:
            self.server.process.terminate()
            try:
                self.server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.server.process.kill()
                self.server.process.wait()

    def run_python(self, block: Block, names: dict[str, Any]) -> None:
        if (self.page, _first_line(block)) in SKIPPED_PYTHON:
            return
        _provide_files(self.page, self.cwd, block.text)
        own = BLOCK_SEEDS.get((self.page, _first_line(block)), {})
        seeds = {**SEEDS, **PAGE_SEEDS.get(self.page, {}), **own}
        for name in own:  # the block means its own, not the page's
            names.pop(name, None)

        def need(name: str) -> Any:
            if name not in names:
                names[name] = seeds[name][1](self.cwd, need)
            return names[name]

        for name in sorted((_free_names(ast.parse(block.text)) & seeds.keys()) | own.keys()):
            need(name)
        code = compile("\n" * (block.line - 1) + block.text, block.page, "exec")
        output = io.StringIO()
        # The pages open files in the short form (json.load(open(...))): not their point.
        with warnings.catch_warnings(), contextlib.redirect_stdout(output):
            warnings.simplefilter("ignore", ResourceWarning)
            exec(code, names)


def _free_names(tree: ast.Module) -> set[str]:
    """The names a block reads before binding them, statement by statement."""
    free: set[str] = set()
    bound: set[str] = set()
    for statement in tree.body:
        binds = set()
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if node.id not in bound:
                    free.add(node.id)
            elif isinstance(node, ast.Name):
                binds.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                binds |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                binds.add(node.name)
        bound |= binds
    return free


def _check_output(command: Command, output: str, where: str) -> None:
    """Each shown output line, split at "...", appears in ``output`` in order."""
    position = 0
    for line in command.expected:
        for fragment in (part.strip() for part in line.split("...")):
            if not fragment:
                continue
            found = output.find(fragment, position)
            assert found >= 0, f"{where}\nexpected {fragment!r} in:\n{output}"
            position = found + len(fragment)


_STATUS_COMMENT = re.compile(r"^(\d{3})\b[^{]*(.*)$", re.DOTALL)
_SKETCH_PAIR = re.compile(r'"([^"]+)":\s*(true|false|null|-?\d+(?:\.\d+)?|"[^"]*")')
_SKETCH_KEY = re.compile(r'"([^"]+)":')


def _members(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for name, member in value.items():
            yield name, member
            yield from _members(member)
    elif isinstance(value, list):
        for item in value:
            yield from _members(item)


def _check_answer(command: Command, headers: Path, body: str, where: str) -> None:
    """The HTTP status and the JSON sketch of the comment after a curl command."""
    match = _STATUS_COMMENT.match(" ".join(command.expected))
    status_lines = [line for line in headers.read_text().splitlines() if line.startswith("HTTP/")]
    status = int(status_lines[-1].split()[1])
    if match is None:
        assert status < 400, f"{where}\nHTTP {status}\n{body}"
        return
    assert status == int(match.group(1)), f"{where}\nHTTP {status}, not {match.group(1)}\n{body}"
    sketch = match.group(2)
    members = list(_members(json.loads(body))) if sketch else []
    names = {name for name, _ in members}
    for name in _SKETCH_KEY.findall(sketch):
        assert name in names, f"{where}\nno {name!r} in the answer:\n{body}"
    for name, literal in _SKETCH_PAIR.findall(sketch):
        assert (name, json.loads(literal)) in members, f"{where}\n{name} is not {literal}:\n{body}"


@pytest.mark.parametrize("page", RUNNABLE)
def test_page_runs_as_written(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, scratch = tmp_path / "page", tmp_path / "scratch"
    folder.mkdir()
    scratch.mkdir()
    run = PageRun(page, folder, scratch)
    steps = _steps(page)
    try:
        for step in steps:
            if step.kind == "file":
                run.write_file(step.block)
            for command in step.commands:
                run.run(command)
        monkeypatch.chdir(run.cwd)
        names: dict[str, Any] = {"__name__": "__docs__"}
        for step in steps:
            if step.kind == "python":
                run.run_python(step.block, names)
    finally:
        run.stop()


def test_every_exception_is_still_in_the_docs() -> None:
    """An entry for a command, block, placeholder or file no page has any more is an error."""
    commands = {(page, c.key) for page in pages() for s in _steps(page) for c in s.commands}
    python = {
        (page, _first_line(s.block)) for page in pages() for s in _steps(page) if s.kind == "python"
    }
    for entry in SKIPPED:
        assert entry in commands, f"SKIPPED: {entry} is not in the docs"
    for entry in [*SKIPPED_PYTHON, *BLOCK_SEEDS]:
        assert entry in python, f"{entry} is not in the docs"
    for page in PAGE_SEEDS:
        assert page in pages(), f"PAGE_SEEDS: no page {page}"
    for placeholder in PLACEHOLDERS:
        where = [placeholder.page] if placeholder.page else pages()
        assert any(placeholder.text in (ROOT / page).read_text() for page in where), placeholder
    for page, files in FILES.items():
        texts = [
            c.text if s.kind == "shell" else s.block.text
            for s in _steps(page)
            for c in (s.commands or (Command(0, s.block.text),))
        ]
        for name in files:
            assert any(_mentions(text, name) for text in texts), f"FILES: {page} never uses {name}"


def test_reading_commands_and_checking_output() -> None:
    text = (
        "$ vcler verify --json \\\n    signed.json   # one line per input\n"
        '{"verified": true, ... "problems": []}\n'
        "$ echo 'two\nlines'\n"
    )
    console = _commands(Block("p.md", 10, "console", text, ""))
    assert [(c.line, c.key) for c in console] == [
        (10, "vcler verify --json signed.json"),
        (13, "echo 'two lines'"),
    ]
    assert console[0].expected == ['{"verified": true, ... "problems": []}']
    _check_output(console[0], '{"verified": true, "proofs": [], "problems": []}', "p.md:10")
    with pytest.raises(AssertionError, match="expected"):
        _check_output(console[0], '{"verified": false, "problems": []}', "p.md:10")
    sh = _commands(Block("p.md", 1, "sh", "# intro\na\n# 201 {}\n\n# prose\nb # note\n", ""))
    assert [(c.key, c.expected) for c in sh] == [("a", ["201 {}"]), ("b", [])]
