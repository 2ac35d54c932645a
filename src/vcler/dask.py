"""Verification on a Dask cluster: one verifier per worker, partition by partition.

Needs the ``dask`` extra (``pip install 'vcler[dask]'``) on the client and on every worker,
and an existing ``distributed`` cluster (a :class:`distributed.LocalCluster`, or a scheduler
and workers started on Kubernetes, an HPC queue or cloud machines: see ``docs/scale.md``)::

    import dask.bag as db
    from distributed import Client
    import vcler.dask

    client = Client("tcp://scheduler:8786")
    lines = db.read_text("s3://registry/credentials/*.ndjson", blocksize="64MiB")
    rows = vcler.dask.verify_bag(lines, client=client, documents=status_lists)
    vcler.dask.to_parquet(rows, "s3://registry/results/")

:func:`register` installs a worker plugin (:class:`VerifierPlugin`) that gives every worker,
present and future, one :class:`~vcler.Verifier` under the given context, kept for the
worker's life: its caches (contexts, verification methods, status lists, fetched documents)
serve every partition the worker verifies. :func:`verify_bag` and :func:`verify_dataframe`
map verification over a bag or a dataframe column partition by partition, giving one row per
credential (:data:`RESULT_COLUMNS`); :func:`to_parquet` and :func:`to_ndjson` write those
rows from the workers. :func:`verify_many` is :func:`vcler.verify_many` on a cluster: the
documents go from this process to the workers in chunks and the results come back in input
order (what ``vcler verify --scheduler`` does).

What a bag or a column holds, per credential: a dict, ``bytes`` or ``str`` holding its JSON
(a line of NDJSON, as :func:`dask.bag.read_text` gives) or a JWT.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin, get_worker

from ._batch import (
    DEFAULT_CHUNK_SIZE,
    Answers,
    Call,
    Then,
    checked_chunk_size,
    in_chunks,
    ordered,
    pickled,
    verify_chunk,
    verify_item,
    with_documents,
)
from ._inputs import parse_document
from ._verifying import Verifier
from .errors import ParsingError, WorkerError
from .results import VerificationResult

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    from distributed import Client, Worker

    from .context import VerificationContext

__all__ = [
    "RESULT_COLUMNS",
    "VerifierPlugin",
    "connect",
    "register",
    "result_row",
    "to_ndjson",
    "to_parquet",
    "verify_bag",
    "verify_dataframe",
    "verify_many",
]

#: The row of one credential's result: its ``id`` (``None`` when it has none or could not be
#: read), whether it verified, the codes of its problems and warnings, and the whole result
#: as JSON text (what ``vcler verify --json`` prints, without ``input``).
RESULT_COLUMNS: dict[str, str] = {
    "id": "string",
    "verified": "bool",
    "problems": "object",
    "warnings": "object",
    "result": "string",
}


class VerifierPlugin(WorkerPlugin):
    """Gives a worker one :class:`~vcler.Verifier` under a pickled context (see
    :func:`register`), made when the plugin is set up on the worker."""

    def __init__(self, settings: bytes) -> None:
        self.settings = settings
        self.verifier: Verifier | None = None

    def setup(self, worker: Worker) -> None:
        import pickle

        self.verifier = Verifier(pickle.loads(self.settings))

    def teardown(self, worker: Worker) -> None:
        self.verifier = None


def connect(address: str, *, timeout: float = 10.0) -> Client:
    """A client of the Dask scheduler at ``address`` (``tcp://HOST:PORT``);
    :class:`~vcler.errors.WorkerError` when it cannot be reached within ``timeout`` seconds."""
    from distributed import Client

    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:
        raise WorkerError(f"cannot reach the Dask scheduler at {address}: {e}") from e


def register(client: Client, context: VerificationContext | None = None, **options: Any) -> str:
    """Install a :class:`VerifierPlugin` on every worker of ``client``'s cluster (those that
    join later too) and return its name, which the tasks use to find their verifier.

    Takes a :class:`~vcler.context.VerificationContext` or :class:`~vcler.Verifier`'s keyword
    arguments. The same settings give the same name, and are installed once: the workers
    keep their verifiers, and their caches, from one call to the next.
    """
    settings = pickled(Verifier(context, **options).context, "the verification context")
    name = "vcler-verifier-" + hashlib.sha256(settings).hexdigest()[:16]
    if not client.run_on_scheduler(_installed, name):
        client.register_plugin(VerifierPlugin(settings), name=name)
    return name


def _installed(name: str, dask_scheduler: Any) -> bool:
    return name in dask_scheduler.worker_plugins


def _verifier(name: str) -> Verifier:
    plugin = get_worker().plugins.get(name)
    verifier = getattr(plugin, "verifier", None)
    if verifier is None:
        raise RuntimeError(f"this worker has no vcler verifier {name!r}: call register() first")
    return verifier


def _item(value: Any) -> Any:
    """A bag's or a column's value as a batch item, read here (text and bytes are serialized
    documents) so that the row can name the document's ``id``."""
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        try:
            return parse_document(value)
        except ParsingError as error:
            return error
    return value


def result_row(result: VerificationResult) -> dict[str, Any]:
    """The row of one result (see :data:`RESULT_COLUMNS`)."""
    document = result.document
    identifier = document.get("id") if isinstance(document, dict) else None
    return {
        "id": identifier if isinstance(identifier, str) else None,
        "verified": result.verified,
        "problems": [problem.code for problem in result.problems],
        "warnings": [warning.code for warning in result.warnings],
        "result": json.dumps(result.to_json(), ensure_ascii=False),
    }


def _verify_rows(
    values: Iterable[Any], name: str, challenge: str | None, domain: str | None
) -> list[dict[str, Any]]:
    verifier = _verifier(name)
    return [
        result_row(verify_item(verifier, _item(value), Call(challenge, domain))) for value in values
    ]


def _verify_series(series: Any, name: str, challenge: str | None, domain: str | None) -> Any:
    import pandas

    rows = _verify_rows(series.tolist(), name, challenge, domain)
    return pandas.DataFrame(rows, index=series.index, columns=list(RESULT_COLUMNS)).astype(
        RESULT_COLUMNS
    )


def _client(client: Client | None) -> Client:
    if client is not None:
        return client
    from distributed import default_client

    return default_client()


def verify_bag(
    bag: dask.bag.Bag,
    *,
    client: Client | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    context: VerificationContext | None = None,
    **options: Any,
) -> dask.bag.Bag:
    """A bag of one result row per credential of ``bag`` (:data:`RESULT_COLUMNS`), in the
    same partitions, verified on ``client``'s cluster (default: the current client) by each
    worker's own verifier (see :func:`register`). Lazy: nothing runs until it is computed or
    written (:func:`to_parquet`, :func:`to_ndjson`)."""
    name = register(_client(client), context, **options)
    return bag.map_partitions(_verify_rows, name, challenge, domain)


def verify_dataframe(
    frame: dask.dataframe.DataFrame,
    column: str = "credential",
    *,
    client: Client | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    context: VerificationContext | None = None,
    **options: Any,
) -> dask.dataframe.DataFrame:
    """A dataframe of the result columns (:data:`RESULT_COLUMNS`) for each credential of
    ``frame[column]``, with ``frame``'s index (join it back with ``frame.join(results)``),
    verified as :func:`verify_bag` does."""
    import pandas

    name = register(_client(client), context, **options)
    meta = pandas.DataFrame({k: pandas.Series(dtype=v) for k, v in RESULT_COLUMNS.items()})
    return frame[column].map_partitions(_verify_series, name, challenge, domain, meta=meta)


def _frame(rows: dask.bag.Bag) -> dask.dataframe.DataFrame:
    import pandas

    meta = pandas.DataFrame({k: pandas.Series(dtype=v) for k, v in RESULT_COLUMNS.items()})
    return rows.to_dataframe(meta=meta)


def to_parquet(rows: dask.bag.Bag, path: str, **kwargs: Any) -> None:
    """Write the result rows of :func:`verify_bag` as a Parquet dataset at ``path`` (a folder
    of one file per partition, written by the workers; any path Dask writes to: a shared
    file system, ``s3://``...). ``kwargs`` go to :meth:`dask.dataframe.DataFrame.to_parquet`."""
    import pyarrow

    codes = pyarrow.list_(pyarrow.string())
    schema = pyarrow.schema(
        [
            ("id", pyarrow.string()),
            ("verified", pyarrow.bool_()),
            ("problems", codes),
            ("warnings", codes),
            ("result", pyarrow.string()),
        ]
    )
    _frame(rows).to_parquet(path, write_index=False, schema=schema, **kwargs)


def to_ndjson(rows: dask.bag.Bag, path: str, **kwargs: Any) -> None:
    """Write the result rows of :func:`verify_bag` as NDJSON, one file per partition at
    ``path`` (a folder, or a name with ``*`` for the partition number), written by the
    workers. ``kwargs`` go to :meth:`dask.bag.Bag.to_textfiles`."""
    rows.map(lambda row: json.dumps(row, ensure_ascii=False)).to_textfiles(path, **kwargs)


def _verify_chunk(items: list[Any], name: str, call: Call, then: Then | None) -> Answers:
    return verify_chunk(_verifier(name), items, call, then=then)


def verify_many(
    client: Client,
    documents: Iterable[Any],
    /,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
    context: VerificationContext | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    then: Then | None = None,
    **options: Any,
) -> Iterator[Any]:
    """:func:`vcler.verify_many` on ``client``'s cluster: the items of ``documents`` (what
    :func:`vcler.verify_many` takes) go to the workers in chunks, two per worker thread in
    flight, and one result per item comes back, in input order, as soon as it is known
    (or what ``then`` makes of it on the worker, as :meth:`vcler.VerifierPool.verify_many`
    does)."""
    chunk_size = checked_chunk_size(chunk_size)
    name = register(client, context, **options)
    window = 2 * max(1, sum(client.nthreads().values()))
    call = Call(challenge, domain, media_type, recipient)

    def submit(chunk: list[Any]) -> Any:
        return client.submit(_verify_chunk, chunk, name, call, then, pure=False)

    from distributed import KilledWorker

    chunks = in_chunks(documents, chunk_size)
    try:
        for results in ordered(chunks, submit, with_documents, window=window):
            yield from results
    except KilledWorker as e:
        raise WorkerError(f"the cluster's workers stopped while verifying: {e}") from e
