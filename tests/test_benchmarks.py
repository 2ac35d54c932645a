"""The benchmark scripts still run (briefly): they measure, they assert nothing about speed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=BENCHMARKS, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_verify_benchmark_prints_every_suite_against_the_baseline() -> None:
    out = _run("verify.py", "--seconds", "0.02")
    assert "naive baseline" in out
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
        assert f"{suite} verify (one Verifier)" in out


def test_selective_benchmark_prints_sign_derive_verify_for_both_suites() -> None:
    pytest.importorskip("py_arkworks_bls12381")
    out = _run("selective.py", "--seconds", "0.02")
    assert "credential: 2046 bytes of JSON" in out  # the ~2 KB Open Badge of verify.py
    for suite in ("ecdsa-sd-2023", "bbs-2023"):
        for operation in ("sign", "derive", "verify"):
            line = next(
                line for line in out.splitlines() if line.startswith(f"{suite} {operation} ")
            )
            per_second, ratio = line.split()[-3], line.split()[-1]
            assert float(per_second) > 0 and ratio.endswith("x")


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
def test_stages_benchmark_accounts_for_the_whole(suite: str) -> None:
    out = _run("stages.py", "--suite", suite, "--runs", "30")
    first, *stages = out.splitlines()
    assert first.startswith(f"one vcler.verify ({suite})")
    top_level = [line for line in stages if not line.startswith("    ")]
    shares = [float(line.rsplit(None, 1)[-1].rstrip("%")) for line in top_level]
    assert abs(sum(shares) - 100) < 0.5  # the top-level stages and "other" add up


def test_the_stage_timers_are_removed_afterwards() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import stages
    finally:
        sys.path.remove(str(BENCHMARKS))
    originals = [getattr(owner, attribute) for _, owner, attribute, _ in stages.STAGES]
    with stages.timed(stages.STAGES):
        assert all(
            getattr(owner, attribute) is not original
            for (_, owner, attribute, _), original in zip(stages.STAGES, originals, strict=True)
        )
    assert [getattr(owner, attribute) for _, owner, attribute, _ in stages.STAGES] == originals


@pytest.mark.slow
def test_scaling_benchmark_runs() -> None:
    out = _run("scaling.py", "--seconds", "0.01")
    assert "1000 alignments  verify" in out
    assert "100 credentials  verify" in out


@pytest.mark.slow
def test_batch_benchmark_prints_each_mode_against_one_core() -> None:
    out = _run("batch.py", "--count", "120", "--rounds", "1", "--jobs", "2")
    for mode in ("one core (jobs=1)", "VerifierPool(jobs=2)", "Dask LocalCluster (2 workers)"):
        assert mode in out
    assert "1.00x one core" in out and "verify_many(jobs=2), start-up incl." in out


@pytest.mark.slow
def test_memory_benchmark_prints_a_peak_per_size() -> None:
    out = _run("memory.py", "--sizes", "50", "150", "--jobs", "2")
    assert "peak at 150 / peak at 50:" in out
    assert len([line for line in out.splitlines() if " MB " in line]) == 2


# Against the reference when its npm packages are there (VCLER_DB_INTEROP), else vcler only.
VS_JS = ["vs_js.py", "--seconds", "0.02", "--rounds", "1"]
if not os.environ.get("VCLER_DB_INTEROP"):
    VS_JS.append("--vcler-only")


def test_vs_js_benchmark_prints_every_suite() -> None:
    out = _run(*VS_JS)
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
        assert f"vcler {suite} verify" in out and f"vcler {suite} issue" in out
    assert "naive pyld eddsa-rdfc-2022 verify" in out
    if os.environ.get("VCLER_DB_INTEROP"):
        assert "reference eddsa-rdfc-2022 verify" in out and "x\n" in out


def test_vs_js_chart_is_an_svg_with_a_bar_per_row(tmp_path: Path) -> None:
    chart = tmp_path / "chart.svg"
    out = _run(*VS_JS, "--chart", str(chart))
    table = out.split("medians of 1 rounds", 1)[1].splitlines()[2:]
    rows = [line for line in table if line.startswith(("vcler", "naive", "reference"))]
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count("<rect") == len(rows) >= 9
