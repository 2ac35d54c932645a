"""Batches: verify or issue many documents on every core, in input order, streaming.

:class:`VerifierPool` runs ``jobs`` worker processes, each with a :class:`~vcler.Verifier` of
its own under the pool's :class:`~vcler.context.VerificationContext` (sent to each worker
once, when it starts). A worker keeps that verifier for its whole life, so what it caches
(processed JSON-LD contexts, verification methods of supplied and derived DID documents,
verified status lists, fetched documents) serves every document it is given: a status list
shared by 100,000 credentials is retrieved and verified once per worker.

Documents go to the workers in chunks, and at most ``2 × jobs`` chunks are in flight: the
input is read only as results are taken, so memory is bounded by the chunks in flight, never
by the size of the input. Results come back in input order, each as soon as it and every
result before it are known.

:func:`verify_many`, :func:`averify_many` and :func:`issue_many` are the one-shot recipes
over a pool made for the call (like :func:`vcler.verify` over :class:`vcler.Verifier`). With
``jobs=1`` nothing is started: the documents are verified (or signed) in this process, one at
a time, each answered before the next is read.

An item of a batch is what :func:`vcler.verify` takes (a dict, a model, the text of a JWT), or
``bytes`` holding a serialized document (a file's content, a line of NDJSON), read in the
worker as the ``vcler`` command reads a file (:class:`Named` bytes: a failure to read them is
reported under their name), or a :class:`~vcler.errors.VclerError` (a
reader's failure to read that input), which is answered with its problem so that the reader
keeps its place in the batch.

A result holds the document it verified (``result.document``) as :func:`vcler.verify` does
(for a dict, that very dict: it is not sent back from the worker) except for an item given
as ``bytes`` (or :class:`Named`), whose result holds none: the caller has the bytes, and
sending every parsed document back would double what crosses between the processes.
"""

from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar, overload

from ._inputs import parse_document
from ._issuing import Issuer
from ._verifying import Verifier
from .errors import InputError, ParsingError, VclerError, WorkerError
from .results import VerificationResult

if TYPE_CHECKING:
    from .context import VerificationContext
    from .jsonld import StaticDocumentLoader
    from .keys import Signer

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "PLAIN",
    "Answers",
    "Call",
    "Named",
    "Then",
    "VerifierPool",
    "available_cores",
    "averify_many",
    "checked_chunk_size",
    "in_chunks",
    "issue_many",
    "ordered",
    "pickled",
    "verify_chunk",
    "verify_item",
    "verify_many",
    "with_documents",
]

#: Documents sent to a worker at a time: enough that the cost of sending a chunk (a few
#: hundred microseconds) is lost in the work (a credential takes about a third of a
#: millisecond to verify), few enough that the chunks in flight stay small.
DEFAULT_CHUNK_SIZE = 64

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

# This worker process's own verifier or issuer, made once when the process starts (a process
# pool calls module-level functions, so a worker's state can live only here; the parent
# process never sets it).
_WORKER: dict[str, Any] = {}


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1


def _jobs(jobs: int | None) -> int:
    if jobs is None:
        return available_cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs is a number of worker processes (1 or more), not {jobs!r}")
    return jobs


def checked_chunk_size(chunk_size: int) -> int:
    """``chunk_size`` when it is a number of documents; InputError otherwise."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size is a number of documents (1 or more), not {chunk_size!r}")
    return chunk_size


def pickled(value: object, what: str) -> bytes:
    """``value`` pickled for the workers; InputError saying what could not be sent."""
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # pickle raises TypeError, AttributeError, PicklingError...
        raise InputError(
            f"{what} cannot be sent to worker processes ({e}); use jobs=1, or parts that "
            "pickle (vcler's own sources, fetchers, loaders and clocks do)"
        ) from e


@dataclass(frozen=True)
class Named:
    """A serialized document (``data``) with the ``name`` of the input it was read from (a
    file, a line of NDJSON), which a failure to read it is reported under."""

    data: bytes
    name: str


class Call(NamedTuple):
    """What every item of a batch is verified with: :meth:`vcler.Verifier.verify`'s
    arguments besides the document."""

    challenge: str | None = None
    domain: str | None = None
    media_type: str | None = None
    recipient: str | None = None


#: No challenge, domain, media type or recipient.
PLAIN = Call()


def verify_item(verifier: Verifier, item: Any, call: Call = PLAIN) -> VerificationResult:
    """The result of one item of a batch (see the module documentation); never raises for it."""
    if isinstance(item, VclerError):
        return VerificationResult.from_problems([item.to_problem()])
    if isinstance(item, bytes | bytearray | memoryview | Named):
        try:
            document = _read(item)
        except VclerError as error:
            return VerificationResult.from_problems([error.to_problem()])
        result = verifier.verify(document, **call._asdict())
        result.document = None  # the caller holds it, serialized
        return result
    return verifier.verify(item, **call._asdict())


def _read(item: bytes | bytearray | memoryview | Named) -> Any:
    if isinstance(item, Named):
        try:
            return parse_document(item.data)
        except VclerError as error:  # not JSON, an envelope or an image with a badge
            raise ParsingError(f"{item.name}: {error}") from error
    return parse_document(bytes(item))


# -- the workers ------------------------------------------------------------------------------


def _start_verifier(settings: bytes) -> None:
    _WORKER["verifier"] = Verifier(pickle.loads(settings))


def _verify_chunk(items: list[Any], call: Call, then: Then | None) -> Answers:
    return verify_chunk(_WORKER["verifier"], items, call, then=then)


#: A chunk's results as a worker sends them back, with the positions of the results whose
#: document is the item itself (sent without it: the parent has it).
Answers = tuple[list[Any], list[int]]
#: What a result is turned into where it is made (a picklable function).
Then = Callable[[VerificationResult], Any]


def verify_chunk(
    verifier: Verifier, items: list[Any], call: Call, *, then: Then | None = None
) -> Answers:
    """The results of ``items`` as a worker sends them back (see :func:`with_documents`), or
    what ``then`` makes of each."""
    results = [verify_item(verifier, item, call) for item in items]
    if then is not None:
        return [then(result) for result in results], []
    given = []
    for index, (item, result) in enumerate(zip(items, results, strict=True)):
        if result.document is not None and result.document is item:
            result.document = None
            given.append(index)
    return results, given


def with_documents(items: list[Any], answers: Answers) -> list[Any]:
    """A worker's results with the documents it did not send back: the items themselves, as
    :func:`vcler.verify` gives them (``result.document is item``)."""
    results, given = answers
    for index in given:
        results[index].document = items[index]
    return results


def _start_issuer(settings: bytes) -> None:
    signer, options = pickle.loads(settings)
    if isinstance(signer, dict):  # a KeyPair, sent as its key file
        from .keys import KeyPair

        signer = KeyPair.from_json(signer)
    _WORKER["issuer"] = Issuer(signer, **options)


def _issue_chunk(items: list[Any], options: Mapping[str, Any]) -> list[Any]:
    issuer = _WORKER["issuer"]
    return [_issue_item(issuer, item, options) for item in items]


def _issue_item(issuer: Issuer, item: Any, options: Mapping[str, Any]) -> Any:
    """The signed credential, or the :class:`VclerError` that refused it (as a value)."""
    if isinstance(item, VclerError):
        return item
    try:
        if isinstance(item, bytes | bytearray | memoryview | Named):
            item = _read(item)
        return issuer.issue(item, **options)
    except VclerError as error:
        error.__traceback__ = None  # a value now: its frames stay here
        return error


class Pending(Protocol[R_co]):
    """A chunk's results to come: a :class:`concurrent.futures.Future`, or a
    ``distributed.Future`` of a Dask cluster."""

    def done(self) -> bool: ...
    def result(self) -> R_co: ...
    def cancel(self) -> bool: ...


def _executor(jobs: int, start: Callable[[bytes], None], settings: bytes) -> ProcessPoolExecutor:
    """``jobs`` worker processes, each started with ``start(settings)``.

    Workers are started by a fork server where there is one (Linux, macOS), else spawned:
    never forked from this process, whose threads (a server's, a test runner's) a fork would
    copy in whatever state they are.
    """
    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=start,
        initargs=(settings,),
    )


def in_chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as the lists are taken."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered(
    chunks: Iterable[list[T]],
    submit: Callable[[list[T]], Pending[A]],
    finish: Callable[[list[T], A], list[R]],
    *,
    window: int,
) -> Iterator[list[R]]:
    """The results of each chunk, ``finish(chunk, answer)``, in the order of the chunks, with
    at most ``window`` chunks submitted and not yet taken: the next chunk is read only when
    there is room, and a chunk's results are given as soon as it and every chunk before it
    are done.

    ``submit(chunk)`` returns a future (``concurrent.futures`` or ``distributed``) of the
    chunk's answer. Whatever is still in flight when the caller stops is cancelled.
    """
    pending: deque[tuple[list[T], Pending[A]]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, submit(chunk)))
            while pending and (len(pending) >= window or pending[0][1].done()):
                done, future = pending.popleft()
                yield finish(done, _result(future))
        while pending:
            done, future = pending.popleft()
            yield finish(done, _result(future))
    finally:
        for _, future in pending:
            future.cancel()


def _result(future: Pending[A]) -> A:
    try:
        return future.result()
    except BrokenProcessPool as e:
        raise WorkerError(f"a worker process stopped before it answered: {e}") from e


class VerifierPool:
    """``jobs`` worker processes (default: every available core), each verifying with a
    :class:`~vcler.Verifier` of its own under one context (see the module documentation).

    Takes a :class:`~vcler.context.VerificationContext`, or :class:`~vcler.Verifier`'s keyword
    arguments; the context must pickle (vcler's own parts do; a fetcher arrives in each worker
    with its policy and an empty cache). Use as a context manager, or call :meth:`close`.
    With ``jobs=1`` no process is started: the pool verifies in this process.

    >>> with VerifierPool(jobs=4, documents={list_url: status_list}) as pool:  # doctest: +SKIP
    ...     for result in pool.verify_many(credentials):
    ...         print(result.verified)
    """

    def __init__(
        self,
        context: VerificationContext | None = None,
        *,
        jobs: int | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        **options: Any,
    ) -> None:
        self.jobs = _jobs(jobs)
        self.chunk_size = checked_chunk_size(chunk_size)
        self._verifier = Verifier(context, **options)
        self.context = self._verifier.context
        self._executor: ProcessPoolExecutor | None = None
        if self.jobs > 1:
            settings = pickled(self.context, "the verification context")
            self._executor = _executor(self.jobs, _start_verifier, settings)

    @overload
    def verify_many(
        self,
        documents: Iterable[Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
    ) -> Iterator[VerificationResult]: ...

    @overload
    def verify_many(
        self,
        documents: Iterable[Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
        then: Callable[[VerificationResult], T],
    ) -> Iterator[T]: ...

    def verify_many(
        self,
        documents: Iterable[Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
        then: Then | None = None,
    ) -> Iterator[Any]:
        """One result per item of ``documents``, in order, as they are known (see the module
        documentation); never raises for an item. ``then`` (a picklable function) turns each
        result into what is given instead, in the worker that made it: what the caller keeps
        of a result (its JSON, a row) then crosses between the processes, not the result.
        ``media_type`` and ``recipient`` apply to every item, as for
        :meth:`vcler.Verifier.verify`."""
        call = Call(challenge, domain, media_type, recipient)
        chunks = self._results(iter(documents), call, then=then)
        for results in chunks:
            yield from results

    @overload
    def averify_many(
        self,
        documents: Iterable[Any] | AsyncIterable[Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
    ) -> AsyncIterator[VerificationResult]: ...

    @overload
    def averify_many(
        self,
        documents: Iterable[Any] | AsyncIterable[Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
        then: Callable[[VerificationResult], T],
    ) -> AsyncIterator[T]: ...

    async def averify_many(
        self,
        documents: Iterable[Any] | AsyncIterable[Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
        then: Then | None = None,
    ) -> AsyncIterator[Any]:
        """:meth:`verify_many` for async code: ``documents`` may be an async iterable, and
        neither reading them, waiting for the workers nor verifying (with ``jobs=1``, in a
        worker thread) holds up the event loop."""
        import anyio

        items = _from_async(documents) if isinstance(documents, AsyncIterable) else documents
        call = Call(challenge, domain, media_type, recipient)
        chunks = self._results(iter(items), call, then=then, size=self.chunk_size)
        try:
            while True:
                results = await anyio.to_thread.run_sync(next, chunks, None)
                if results is None:
                    return
                for result in results:
                    yield result
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(chunks.close)

    def _results(
        self, items: Iterator[Any], call: Call, *, then: Then | None, size: int = 1
    ) -> Generator[list[Any], None, None]:
        """The results of ``items``, a list at a time (in this process: ``size`` at a time)."""
        if self._executor is None:
            verifier = self._verifier
            for chunk in in_chunks(items, size):
                results = [verify_item(verifier, item, call) for item in chunk]
                yield results if then is None else [then(result) for result in results]
            return
        executor = self._executor
        task = partial(_verify_chunk, call=call, then=then)
        yield from ordered(
            in_chunks(items, self.chunk_size),
            lambda chunk: executor.submit(task, chunk),
            with_documents,
            window=2 * self.jobs,
        )

    def close(self) -> None:
        """Stop the worker processes (work not yet started is dropped)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> VerifierPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _from_async(items: AsyncIterable[T]) -> Iterator[T]:
    """The items of an async iterable, read from a worker thread (of ``anyio.to_thread``)
    by running each step on the event loop."""
    import anyio.from_thread

    iterator = aiter(items)
    while True:
        try:
            yield anyio.from_thread.run(anext, iterator)  # type: ignore[arg-type]
        except StopAsyncIteration:
            return


def verify_many(
    documents: Iterable[Any],
    /,
    *,
    jobs: int | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
    context: VerificationContext | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    **options: Any,
) -> Iterator[VerificationResult]:
    """Verify every item of ``documents`` on ``jobs`` worker processes (default: every
    available core); one :class:`~vcler.results.VerificationResult` per item, in input order,
    each as soon as it is known. Streams: any iterable (a generator over a folder, an NDJSON
    stream, a database cursor) is read only as fast as it is verified. Never raises for an
    item (see :class:`VerifierPool` and the module documentation for what an item is).

    Takes a ``context`` or :class:`~vcler.Verifier`'s keyword arguments (``documents=``
    among them: the documents verification may look up, by id).
    """
    pool = VerifierPool(context, jobs=jobs, chunk_size=chunk_size, **options)
    try:
        yield from pool.verify_many(
            documents,
            challenge=challenge,
            domain=domain,
            media_type=media_type,
            recipient=recipient,
        )
    finally:
        pool.close()


async def averify_many(
    documents: Iterable[Any] | AsyncIterable[Any],
    /,
    *,
    jobs: int | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
    context: VerificationContext | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    **options: Any,
) -> AsyncIterator[VerificationResult]:
    """The async :func:`verify_many`: ``async for result in vcler.averify_many(documents)``
    (``documents`` may be an async iterable). A server verifying batches often keeps a
    :class:`VerifierPool` instead, whose workers outlive one batch."""
    import anyio

    pool = VerifierPool(context, jobs=jobs, chunk_size=chunk_size, **options)
    try:
        async for result in pool.averify_many(
            documents,
            challenge=challenge,
            domain=domain,
            media_type=media_type,
            recipient=recipient,
        ):
            yield result
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(pool.close)


def issue_many(
    credentials: Iterable[Any],
    *,
    signer: Signer,
    jobs: int | None = None,
    suite: str | None = None,
    created: str | None = None,
    loader: StaticDocumentLoader | None = None,
    status: tuple[Any, str] | None = None,
    add_proof: bool = False,
    mandatory_pointers: Sequence[str] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[dict[str, Any] | VclerError]:
    """Sign every credential of ``credentials`` on ``jobs`` worker processes (default: every
    available core): the signed credential, or the :class:`~vcler.errors.VclerError` that
    refused it (as a value, the way :func:`vcler.issue` would have raised it), one per item,
    in input order, streaming as :func:`verify_many` does.

    ``signer`` goes to every worker: a :class:`vcler.keys.KeyPair` as its key file, another
    signer only if it pickles. ``status=(registry, list_url)`` allocates each credential's
    status entry here, in input order, before it is sent (an index allocated for a credential
    that is then refused stays unused: indexes are never reused).
    """
    jobs = _jobs(jobs)
    chunk_size = checked_chunk_size(chunk_size)
    issuer = Issuer(signer, suite=suite, loader=loader)  # refuses an unusable signer or suite
    options = {
        "created": created,
        "add_proof": add_proof,
        "mandatory_pointers": None if mandatory_pointers is None else list(mandatory_pointers),
    }
    items: Iterable[Any] = credentials
    if status is not None:
        items = _with_status(credentials, status)
    if jobs == 1:
        for item in items:
            yield _issue_item(issuer, item, options)
        return
    sent: Any = signer.to_json() if _is_key_pair(signer) else signer  # type: ignore[attr-defined]
    settings = pickled((sent, {"suite": issuer.suite, "loader": loader}), "the signer")
    executor = _executor(jobs, _start_issuer, settings)
    task = partial(_issue_chunk, options=options)
    try:
        for results in ordered(
            in_chunks(items, chunk_size),
            lambda chunk: executor.submit(task, chunk),
            _as_is,
            window=2 * jobs,
        ):
            yield from results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _as_is(items: list[Any], results: list[R]) -> list[R]:
    return results


def _is_key_pair(signer: object) -> bool:
    from .keys import KeyPair

    return isinstance(signer, KeyPair)


def _with_status(credentials: Iterable[Any], status: tuple[Any, str]) -> Iterator[Any]:
    """Each credential with a new status entry of ``status``'s list (or what refuses it)."""
    from ._inputs import as_document
    from .status import add_status_entry

    registry, list_url = status
    for credential in credentials:
        try:
            if isinstance(credential, bytes | bytearray | memoryview | Named):
                credential = _read(credential)
            document = as_document(credential)
            if "proof" in document:
                raise InputError(
                    "a status entry cannot be added to a signed credential: its proof would break"
                )
            yield add_status_entry(document, registry, list_url)[0]
        except VclerError as error:
            error.__traceback__ = None
            yield error
