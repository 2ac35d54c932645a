"""vcler.dask: verification on a Dask cluster (a LocalCluster of two worker processes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.bag as db
import dask.dataframe as dd
import pandas
import pytest
from distributed import Client, LocalCluster

import vcler
import vcler.dask
from tests.batches import NOW, issue_batch, mixed_batch, one_by_one, served_batch
from tests.net.server import LocalServer
from vcler.errors import WorkerError
from vcler.jose import cose_to_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return issue_batch(tmp_path_factory.mktemp("status"))


def text(item: Any) -> Any:
    """A batch item as a line of text (what ``dask.bag.read_text`` gives), where it has one."""
    if isinstance(item, dict):
        return json.dumps(item) + "\n"
    return item.decode() if isinstance(item, bytes) else item


def line_item(item: Any) -> Any:
    """A batch item as a line of NDJSON may hold it: a binary COSE_Sign1 as its base64 text."""
    if isinstance(item, bytes) and item[:1] == b"\xd2":
        return cose_to_text(item)
    return item


def test_a_bag_is_verified_partition_by_partition_as_one_by_one(
    client: Client, issued: dict[str, Any]
) -> None:
    items = [line_item(item) for item in mixed_batch(issued) if not isinstance(item, Exception)]
    bag = db.from_sequence([text(item) for item in items], npartitions=3)
    options = {"documents": issued["documents"], "now": NOW}
    rows = vcler.dask.verify_bag(bag, client=client, **options).compute()
    expected = one_by_one(items, vcler.Verifier(**options), keep_read=True)
    assert rows == [vcler.dask.result_row(result) for result in expected]
    assert [row["verified"] for row in rows][:4] == [True, False, False, True]
    assert rows[0]["id"] == issued["valid"][0]["id"]
    assert rows[1]["problems"] == ["PARSING_ERROR"] and rows[1]["id"] is None
    assert rows[4]["problems"][0] == "CREDENTIAL_REVOKED"
    assert json.loads(rows[2]["result"])["problems"][0]["code"] == "PROOF_VERIFICATION_ERROR"


def test_results_are_written_as_parquet_and_ndjson(
    client: Client, issued: dict[str, Any], tmp_path: Path
) -> None:
    lines = [text(item) for item in issued["valid"] + [issued["revoked"]]]
    bag = db.from_sequence(lines, npartitions=2)
    rows = vcler.dask.verify_bag(bag, client=client, documents=issued["documents"], now=NOW)
    vcler.dask.to_parquet(rows, str(tmp_path / "results.parquet"))
    vcler.dask.to_ndjson(rows, str(tmp_path / "results"))
    table = pandas.read_parquet(tmp_path / "results.parquet")
    assert list(table.columns) == list(vcler.dask.RESULT_COLUMNS)
    assert table["verified"].tolist() == [True] * 8 + [False]
    assert list(table["problems"].iloc[-1]) == ["CREDENTIAL_REVOKED"]
    written = sorted((tmp_path / "results").glob("*.part"))
    assert len(written) == 2
    back = [json.loads(line) for path in written for line in path.read_text().splitlines()]
    assert [row["id"] for row in back] == table["id"].tolist()


def test_a_dataframe_column_is_verified_keeping_the_index(
    client: Client, issued: dict[str, Any]
) -> None:
    credentials = [issued["tampered"], *issued["valid"][:3]]
    frame = pandas.DataFrame(
        {"credential": [json.dumps(c) for c in credentials], "learner": list("wxyz")},
        index=[10, 20, 30, 40],
    )
    results = vcler.dask.verify_dataframe(
        dd.from_pandas(frame, npartitions=2),
        client=client,
        documents=issued["documents"],
        now=NOW,
    )
    joined = dd.from_pandas(frame, npartitions=2).join(results).compute()
    assert joined.loc[10, "problems"] == ["PROOF_VERIFICATION_ERROR"]
    assert joined["verified"].tolist() == [False, True, True, True]
    assert joined.loc[30, "learner"] == "y"


def test_verify_many_on_a_cluster_gives_the_results_in_order(
    client: Client, issued: dict[str, Any]
) -> None:
    items = mixed_batch(issued) * 3
    options = {"documents": issued["documents"], "now": NOW}
    results = list(vcler.dask.verify_many(client, items, chunk_size=4, **options))
    assert results == one_by_one(items, vcler.Verifier(**options))
    assert results[0].document is items[0]


def test_each_worker_keeps_one_verifier_and_its_caches(
    client: Client, https_server: LocalServer, tmp_path: Path
) -> None:
    batch, fetcher = served_batch(https_server, tmp_path, "/status/dask/1", 30)
    options = {"fetcher": fetcher}
    bag = db.from_sequence([json.dumps(c) for c in batch], npartitions=6)
    for _ in range(2):
        rows = vcler.dask.verify_bag(bag, client=client, **options).compute()
        assert all(row["verified"] for row in rows)
    assert 1 <= https_server.hits["/status/dask/1"] <= 2  # once per worker
    assert 1 <= https_server.hits["/status/dask/1/did.json"] <= 2
    name = vcler.dask.register(client, **options)
    assert name == vcler.dask.register(client, **options)
    found = client.run(lambda dask_worker: name in dask_worker.plugins)
    assert list(found.values()) == [True, True]


def _exit_now() -> Any:
    import os

    os._exit(3)


def test_a_batch_whose_workers_keep_dying_stops_with_a_worker_error(
    issued: dict[str, Any],
) -> None:
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as own,
        pytest.raises(WorkerError),
    ):
        list(vcler.dask.verify_many(own, issued["valid"], now=_exit_now))


def test_the_command_line_verifies_on_a_cluster_with_the_same_answers(
    client: Client,
    issued: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from vcler.cli import main

    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "list.json").write_text(
        json.dumps(next(iter(issued["documents"].values())))
    )
    lines = [json.dumps(c) for c in [*issued["valid"], issued["tampered"], issued["revoked"]]]
    (tmp_path / "batch.ndjson").write_text("\n".join([*lines, "junk"]) + "\n")
    common = ["verify", "--json", "--documents", str(tmp_path / "documents")]
    common += ["--now", NOW.isoformat(), str(tmp_path / "batch.ndjson")]
    assert main(common) == 1
    here = capsys.readouterr()
    assert main([*common, "--scheduler", client.scheduler.address]) == 1
    there = capsys.readouterr()
    assert there.out == here.out and there.err == here.err
    assert [json.loads(line)["verified"] for line in there.out.splitlines()] == [True] * 8 + [
        False
    ] * 3
