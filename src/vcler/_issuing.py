"""The issuing side of the recipes: :class:`Issuer` signs credentials and presentations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._documents import V1_CONTEXT, V2_CONTEXT, first_item, id_of, utcnow
from ._inputs import as_document, validate_document
from .errors import ControllerMismatchError, InputError, ProofExistsError, ValidationError

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader
    from .keys import Signer

__all__ = ["Issuer", "check_controller"]

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


def check_controller(
    document: Mapping[str, Any], signer: Signer, *, member: str = "issuer"
) -> None:
    """Refuse ``signer`` unless ``document[member]`` (the credential's issuer, or the
    presentation's holder) controls its verification method: no verifier would accept the
    proof otherwise, since verifiers require the issuer (holder) to be the method's controller.

    What can be checked offline is: the method's id is a fragment of the controller's id
    (``<issuer>#key-1``), so that dereferencing it reads the issuer's own DID or controller
    document; a did:key issuer's only method is ``<did>#<multibase>``; a signer that names its
    ``controller`` (a :class:`vcler.keys.KeyPair`) names the issuer. Whether a did:web or https
    controller document really lists the key is the publisher's part: it is not fetched here.
    A document without ``member`` is left to validation (an issuer is required, a holder not).

    Raises :class:`~vcler.errors.ControllerMismatchError` (pointer ``/issuer`` or ``/holder``).

    Spec: https://www.w3.org/TR/cid-1.0/#retrieve-verification-method
    """
    expected = id_of(document.get(member))
    if expected is None:
        return
    method = signer.id
    declared = getattr(signer, "controller", None)
    controller, _, fragment = method.partition("#")
    refusal = None
    # Step 1: a signer that names its controller names this one.
    if isinstance(declared, str) and declared != expected:
        refusal = f"it is controlled by {declared!r}"
    # Step 2: the method is one of the controller's own, a fragment of its id.
    elif controller != expected or not fragment:
        refusal = f"the {member}'s methods are {expected}#..."
    # Step 3: a did:key controls exactly one method, named by its key.
    elif expected.startswith("did:key:") and fragment != expected.removeprefix("did:key:"):
        refusal = f"a did:key's only method is {expected}#{expected.removeprefix('did:key:')}"
    if refusal is not None:
        raise ControllerMismatchError(
            f"refused: {member} {expected!r} does not control the signing key {method!r} "
            f"({refusal}), so no verifier would accept the proof; sign with a key of the "
            f"{member}'s",
            pointer=f"/{member}",
        )


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

    def check(
        self,
        credential: Mapping[str, Any],
        *,
        add_proof: bool = False,
        previous_proof: str | Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """The credential as a JSON dict when :meth:`issue` would sign it; else what
        :meth:`issue` raises. Nothing is signed: a caller spending something on the credential
        first (a status list index) refuses it before that."""
        document = as_document(credential)
        problems = validate_document(document, loader=self.loader)
        if problems:
            raise ValidationError("credential refused: it breaks the data model", problems)
        if "proof" in document and not add_proof and previous_proof is None:
            raise ProofExistsError(
                "refused: the credential is already signed; to add another proof to it "
                "(a proof set) pass add_proof=True (vcler issue --add-proof)",
                pointer="/proof",
            )
        check_controller(document, self.signer)
        return document

    def issue(
        self,
        credential: Mapping[str, Any],
        *,
        created: str | None = None,
        proof_id: str | None = None,
        previous_proof: str | Sequence[str] | None = None,
        add_proof: bool = False,
    ) -> dict[str, Any]:
        """Validate ``credential`` and return a copy with a Data Integrity proof added.

        Refuses, signing nothing:

        - :class:`~vcler.errors.ValidationError` listing every problem when the credential
          breaks the data model (or its JSON-LD is unsafe);
        - :class:`~vcler.errors.ProofExistsError` when it already has a proof, unless
          ``add_proof=True`` asks for a proof set (or ``previous_proof`` for a chain);
        - :class:`~vcler.errors.ControllerMismatchError` when its issuer does not control the
          signer's verification method (see :func:`check_controller`).
        """
        document = self.check(credential, add_proof=add_proof, previous_proof=previous_proof)
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

        The holder defaults to the signer's controller; a ``holder`` that does not control the
        signer's verification method is refused (:class:`~vcler.errors.ControllerMismatchError`).
        ``challenge`` and ``domain`` bind the presentation to one verifier's request. The
        presentation is new, so it has no proof yet: ``add_proof`` does not apply here.
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
        check_controller(presentation, self.signer, member="holder")
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
