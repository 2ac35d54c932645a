"""Writing secrets to disk: files readable and writable by their owner only.

A file holding a secret is *created* with mode 0600, never created with the default mode and
narrowed afterwards (a reader could open it in between, and keep it open). Replacing an
existing file writes a new 0600 file beside it and renames it over the old one, so the old
file's mode, a symlink's target, or a half-written file never hold the secret.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_private_file"]

_OWNER_ONLY = 0o600


def write_private_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``path`` with mode 0600 from the moment the file exists.

    Without ``overwrite`` the file is created exclusively (``FileExistsError`` when ``path``
    exists, a symlink included). With it, a new file in the same folder replaces ``path``
    atomically (``os.replace``): a symlink at ``path`` is replaced, not written through, and a
    failed write leaves the old file as it was. Other failures raise :class:`OSError`.
    """
    target = Path(path)
    if not overwrite:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        descriptor = os.open(target, flags, _OWNER_ONLY)
        _write_or_remove(descriptor, data, target)
        return
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )  # created with O_EXCL and mode 0600
    _write_or_remove(descriptor, data, Path(temporary))
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_or_remove(descriptor: int, data: bytes, path: Path) -> None:
    """Write ``data`` to the open file and flush it to disk; remove the file on failure."""
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
