"""A :class:`Problem`: one thing wrong with a document, with its code and a JSON pointer.

It lives below both :mod:`vcler.errors` (whose exceptions turn into problems) and
:mod:`vcler.results` (whose results gather them), so that neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .codes import title_of

__all__ = ["Problem", "json_pointer"]


def json_pointer(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from reference tokens (``~`` and ``/`` escaped).

    >>> json_pointer("credentialSubject", 0, "a/b")
    '/credentialSubject/0/a~1b'
    """
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document.

    ``code`` is the specification's error code (``MALFORMED_PROOF_ERROR``, ``PARSING_ERROR``,
    ...), ``message`` says what is wrong in a sentence, ``pointer`` is a JSON pointer to the
    offending spot (``""`` means the whole document) and ``detail`` optionally adds more.
    """

    code: str
    message: str
    pointer: str = ""
    detail: str | None = None

    @property
    def title(self) -> str:
        """A short human title for ``code``."""
        return title_of(self.code)

    def to_json(self) -> dict[str, Any]:
        """This problem as a JSON object (``code``, ``message``, ``pointer``[, ``detail``])."""
        out: dict[str, Any] = {"code": self.code, "message": self.message, "pointer": self.pointer}
        if self.detail is not None:
            out["detail"] = self.detail
        return out

    def __reduce__(self) -> tuple[type[Problem], tuple[str, str, str, str | None]]:
        # Pickled as its constructor call: batches send problems between processes, and a
        # frozen class compiled by mypyc cannot be restored attribute by attribute.
        return (Problem, (self.code, self.message, self.pointer, self.detail))

    def under(self, prefix: str) -> Problem:
        """This problem with its pointer moved below the JSON pointer ``prefix``."""
        return Problem(self.code, self.message, prefix + self.pointer, self.detail)
