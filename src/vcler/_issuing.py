"""The issuing side of the recipes: :class:`Issuer` signs credentials and presentations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._documents import V1_CONTEXT, V2_CONTEXT, first_item, id_of, utcnow
from ._inputs import as_document, validate_document
from .errors import (
    ControllerMismatchError,
    DocumentLoaderError,
    InputError,
    JsonLdError,
    ProofExistsError,
    ValidationError,
)

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader
    from .keys import Signer

__all__ = ["DEFAULT_MANDATORY_MEMBERS", "Issuer", "check_controller", "default_mandatory_pointers"]

#: The members of a credential every derived proof discloses unless the issuer says otherwise:
#: who issued it, when it is valid, where its status is (a holder must not be able to hide a
#: revocation or an expiry).
DEFAULT_MANDATORY_MEMBERS = (
    "issuer",
    "validFrom",
    "validUntil",
    "issuanceDate",
    "expirationDate",
    "credentialStatus",
)

_REFUSED = "credential refused: it breaks the data model"


def default_mandatory_pointers(credential: Mapping[str, Any]) -> list[str]:
    """The mandatory pointers of a selective disclosure base proof when the issuer names
    none: each of :data:`DEFAULT_MANDATORY_MEMBERS` the credential has. (The credential's
    ``@context``, ``id`` and ``type`` are disclosed whatever is selected.)"""
    return ["/" + member for member in DEFAULT_MANDATORY_MEMBERS if member in credential]


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
    used for ``created`` when none is given. With a selective disclosure suite
    (``ecdsa-sd-2023``), ``mandatory_pointers`` are the JSON pointers every derived proof must
    disclose (default: :func:`default_mandatory_pointers` of each credential).
    """

    def __init__(
        self,
        signer: Signer,
        *,
        suite: str | None = None,
        loader: StaticDocumentLoader | None = None,
        now: Callable[[], datetime] = utcnow,
        mandatory_pointers: Sequence[str] | None = None,
    ) -> None:
        from .di import get_suite

        if not callable(getattr(signer, "sign", None)) or not isinstance(
            getattr(signer, "id", None), str
        ):
            raise InputError("signer must have an id (its verification method) and sign()")
        self.signer = signer
        if suite is None:
            from .di.suites import default_suite

            suite = default_suite(signer)
        self.suite = suite
        # unknown names raise UnknownSuiteError now, not at signing time
        cryptosuite = get_suite(self.suite)
        self.selective = cryptosuite.selective_disclosure
        # Whether signing turns the whole document into RDF (in safe mode) itself.
        self._processes_jsonld = (
            cryptosuite.json_ld and not cryptosuite.embeds_context and not self.selective
        )
        if mandatory_pointers is not None:
            from .di.selective import check_pointers

            if not self.selective:
                raise InputError(f"{suite} does not disclose selectively: no mandatory_pointers")
            mandatory_pointers = check_pointers(mandatory_pointers, what="mandatory_pointers")
        self.mandatory_pointers = mandatory_pointers
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
        return self._check(credential, add_proof=add_proof, previous_proof=previous_proof)

    def _check(
        self,
        credential: Mapping[str, Any],
        *,
        add_proof: bool,
        previous_proof: str | Sequence[str] | None,
        jsonld: bool = True,
    ) -> dict[str, Any]:
        """:meth:`check`; with ``jsonld=False`` JSON-LD safe mode is left to signing."""
        document = as_document(credential)
        problems = validate_document(document, loader=self.loader, jsonld=jsonld)
        if problems:
            raise ValidationError(_REFUSED, problems)
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
        mandatory_pointers: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """Validate ``credential`` and return a copy with a Data Integrity proof added.

        With a selective disclosure suite, the proof is a base proof for the holder to derive
        from (:func:`vcler.derive`); ``mandatory_pointers`` override the issuer's for this
        credential.

        Refuses, signing nothing:

        - :class:`~vcler.errors.ValidationError` listing every problem when the credential
          breaks the data model (or its JSON-LD is unsafe);
        - :class:`~vcler.errors.ProofExistsError` when it already has a proof, unless
          ``add_proof=True`` asks for a proof set (or ``previous_proof`` for a chain);
        - :class:`~vcler.errors.ControllerMismatchError` when its issuer does not control the
          signer's verification method (see :func:`check_controller`).
        """
        # An RDFC suite turns the document into RDF in safe mode when it signs: the same
        # processing as the validator's safe-mode check, which is then made only when signing
        # fails (for its list of problems). A proof already there is not signed over: checked.
        deferred = self._processes_jsonld and "proof" not in credential
        document = self._check(
            credential, add_proof=add_proof, previous_proof=previous_proof, jsonld=not deferred
        )
        options: dict[str, Any] = {}
        if self.selective:
            pointers = (
                mandatory_pointers if mandatory_pointers is not None else self.mandatory_pointers
            )
            options["mandatory_pointers"] = (
                pointers if pointers is not None else default_mandatory_pointers(document)
            )
        elif mandatory_pointers is not None:
            raise InputError(f"{self.suite} does not disclose selectively: no mandatory_pointers")
        try:
            return self._sign(
                document,
                purpose="assertionMethod",
                created=created,
                proof_id=proof_id,
                previous_proof=previous_proof,
                **options,
            )
        except (JsonLdError, DocumentLoaderError):
            problems = validate_document(document, loader=self.loader) if deferred else []
            if problems:
                raise ValidationError(_REFUSED, problems) from None
            raise

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
        if self.selective:
            raise InputError(
                f"{self.suite} makes base proofs for a holder to derive from; sign "
                "presentations with another suite (ecdsa-rdfc-2019 for a P-256 key)"
            )
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
