"""Helpers shared by the sub-commands: reading inputs, printing problems."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._json import JSON_ESCAPE, MAX_BYTES, load_json
from ..errors import VclerError

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliError",
    "escaped_output",
    "load_key",
    "read_document",
    "read_input",
    "read_json",
    "write_json",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A usage or input error: printed to stderr, exit code 2."""


def read_input(path: str) -> bytes:
    """The bytes of ``path`` (``-`` is standard input); :class:`CliError` if unreadable.

    At most one byte more than :data:`vcler._json.MAX_BYTES` is read, so that a huge file is
    refused for its size without being held in memory.
    """
    try:
        if path == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        with Path(path).open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror or e}") from e


def read_document(path: str) -> Any:
    """``path`` as a credential or presentation: parsed JSON, or the token itself when it is an
    envelope (a JWT, an SD-JWT, a COSE_Sign1 as bytes or base64 text, which verification
    opens), or what a baked badge image (PNG, SVG) carries; :class:`CliError` if unreadable or
    neither."""
    from ..jose.envelopes import sniff_media_type
    from ..openbadges.baking import baked_document, image_kind

    data = read_input(path)
    if len(data) <= MAX_BYTES and image_kind(data) is not None:
        try:
            return baked_document(data)
        except VclerError as e:
            raise CliError(f"{path}: {e}") from e
    if len(data) <= MAX_BYTES and data.lstrip()[:1] not in (b"{", b"["):
        if sniff_media_type(data) is not None:
            return data
        text = data.decode("ascii", errors="replace").strip()
        if sniff_media_type(text) is not None:
            return text
    try:
        return load_json(data)
    except VclerError as e:
        raise CliError(f"{path}: {e}") from e


def read_json(path: str) -> Any:
    """``path`` parsed as JSON; :class:`CliError` if unreadable or not JSON."""
    try:
        return load_json(read_input(path))
    except VclerError as e:
        raise CliError(f"{path}: {e}") from e


def load_key(path: str) -> Any:
    """The key file at ``path`` as a :class:`vcler.keys.KeyPair`; :class:`CliError` if unusable."""
    from ..keys import KeyPair

    document = read_json(path)
    try:
        return KeyPair.from_json(document)
    except VclerError as e:
        raise CliError(f"{path}: not a usable key file: {e}") from e


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Standard output and error that never fail to encode, for the duration.

    A character the stream cannot write (a lone surrogate from a document or a file name, any
    non-ASCII character on an ASCII terminal) is written as its JSON escape (``\\ud800``), so
    printing never crashes and a ``--json`` line stays JSON that reads back to the same value.
    """
    changed = []
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            changed.append((reconfigure, stream.errors))
            reconfigure(errors=JSON_ESCAPE)
    try:
        yield
    finally:
        for reconfigure, errors in changed:
            with contextlib.suppress(OSError, ValueError):  # a closed pipe keeps the handler
                reconfigure(errors=errors)


def write_json(value: Any, path: str | None) -> None:
    """Write ``value`` as indented JSON to ``path`` (stdout when ``None`` or ``-``)."""
    write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", path)


def write_text(text: str, path: str | None) -> None:
    """Write ``text`` to ``path`` (stdout when ``None`` or ``-``)."""
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8", errors=JSON_ESCAPE)
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from e
