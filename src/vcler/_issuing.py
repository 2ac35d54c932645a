"""The issuing side of the recipes: :class:`Issuer` signs credentials and presentations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._documents import V1_CONTEXT, V2_CONTEXT, first_item, utcnow
from ._inputs import as_document, validate_document
from .errors import InputError, ValidationError

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader
    from .keys import Signer

__all__ = ["Issuer"]

_DEFAULT_SUITE_BY_ALGORITHM = {
    "Ed25519": "eddsa-rdfc-2022",
    "P-256": "ecdsa-rdfc-2019",
    "P-384": "ecdsa-rdfc-2019",
}


def _default_suite(signer: Signer) -> str:
    try:
        return _DEFAULT_SUITE_BY_ALGORITHM[signer.algorithm]
    except (KeyError, AttributeError):
        raise InputError(
            f"no default cryptosuite for a {getattr(signer, 'algorithm', '?')} signer; pass suite="
        ) from None


class Issuer:
    """Signs credentials and presentations with one signer and cryptosuite.

    >>> key = generate_key("Ed25519")                                      # doctest: +SKIP
    >>> issuer = Issuer(key, suite="eddsa-rdfc-2022")                       # doctest: +SKIP
    >>> signed = issuer.issue(credential)                                   # doctest: +SKIP

    ``loader`` serves the JSON-LD contexts (default: the bundled ones); ``now`` is the clock
    used for ``created`` when none is given.
    """

    def __init__(
        self,
        signer: Signer,
        *,
        suite: str | None = None,
        loader: StaticDocumentLoader | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        from .di import get_suite

        if not callable(getattr(signer, "sign", None)) or not isinstance(
            getattr(signer, "id", None), str
        ):
            raise InputError("signer must have an id (its verification method) and sign()")
        self.signer = signer
        self.suite = suite or _default_suite(signer)
        get_suite(self.suite)  # unknown names raise UnknownSuiteError now, not at signing time
        self.loader = loader
        self.now = now

    def issue(
        self,
        credential: Mapping[str, Any],
        *,
        created: str | None = None,
        proof_id: str | None = None,
        previous_proof: str | Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """Validate ``credential`` and return a copy with a Data Integrity proof added.

        Raises :class:`~vcler.errors.ValidationError` listing every problem when the
        credential breaks the data model (or its JSON-LD is unsafe); nothing is signed then.
        """
        document = as_document(credential)
        problems = validate_document(document, loader=self.loader)
        if problems:
            raise ValidationError("credential refused: it breaks the data model", problems)
        return self._sign(
            document,
            purpose="assertionMethod",
            created=created,
            proof_id=proof_id,
            previous_proof=previous_proof,
        )

    def present(
        self,
        credentials: Sequence[Mapping[str, Any]],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        holder: str | None = None,
        id: str | None = None,
        created: str | None = None,
    ) -> dict[str, Any]:
        """A Verifiable Presentation of ``credentials`` signed for ``authentication``.

        The holder defaults to the signer's controller. ``challenge`` and ``domain`` bind the
        presentation to one verifier's request.
        """
        if isinstance(credentials, Mapping):
            raise InputError("present() takes a list of credentials")
        items = [as_document(c) for c in credentials]
        first_context = items[0].get("@context") if items else None
        base = V1_CONTEXT if first_item(first_context) == V1_CONTEXT else V2_CONTEXT
        presentation: dict[str, Any] = {"@context": [base], "type": ["VerifiablePresentation"]}
        if id is not None:
            presentation["id"] = id
        presentation["holder"] = holder or getattr(self.signer, "controller", None)
        if presentation["holder"] is None:
            del presentation["holder"]
        presentation["verifiableCredential"] = items
        problems = validate_document(presentation, loader=self.loader)
        if problems:
            raise ValidationError("presentation refused: it breaks the data model", problems)
        return self._sign(
            presentation,
            purpose="authentication",
            created=created,
            challenge=challenge,
            domain=domain,
        )

    def _sign(
        self, document: dict[str, Any], *, purpose: str, created: str | None, **options: Any
    ) -> dict[str, Any]:
        from .di import add_proof

        return add_proof(
            document,
            signer=self.signer,
            suite=self.suite,
            purpose=purpose,
            created=created,
            loader=self.loader,
            now=self.now(),
            **options,
        )
