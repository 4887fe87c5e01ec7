"""Every benchmark script runs at its smoke size, so none can stop working unnoticed.

The figures of a smoke run mean nothing and are not asserted; what is checked is that the script
runs to the end and prints its report. A new script under benchmarks/ is picked up by itself and
must take `--smoke` (benchmarks.with_smoke).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from frontdoor.config import PROJECT_ROOT

# Scripts that need PostgreSQL and Redis run in the PostgreSQL suite (make test-postgres).
NEEDS_SERVICES = {"load", "audit_reads"}
# Other runs of a script, (script, extra arguments), in the PostgreSQL suite only: every script
# already runs once in `make test`, and the variants would add ~25 s of a core to it.
VARIANTS = [
    ("live_meeting", ("--worker-class", "gevent")),
    ("identity_index_scale", ("--compare", "--verify")),  # the baseline code it times against
]
SCALED_OUT = [("live_meeting", ("--processes", "2"))]
# Not a benchmark of its own: the Splink baseline that matching_accuracy and matching_scale run
# inside .venv-bench (benchmarks/requirements-splink.txt) when it is there.
RUN_BY_ANOTHER = {"matching_splink"}


def _scripts() -> list[str]:
    return sorted(
        path.stem
        for path in (PROJECT_ROOT / "benchmarks").glob("*.py")
        if 'if __name__ == "__main__":' in path.read_text() and path.stem not in RUN_BY_ANOTHER
    )


def _runs() -> list[pytest.ParameterSet]:
    runs = [
        pytest.param(
            name, (), marks=[pytest.mark.postgres] if name in NEEDS_SERVICES else [], id=name
        )  # fmt: skip
        for name in _scripts()
    ]
    runs += [
        pytest.param(name, extra, marks=[pytest.mark.postgres], id=f"{name} {' '.join(extra)}")
        for name, extra in VARIANTS + SCALED_OUT
    ]
    return runs


@pytest.mark.slow
@pytest.mark.parametrize(("script", "extra"), _runs())
def test_the_benchmark_runs_at_its_smoke_size(script: str, extra: tuple[str, ...]) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "LOG_LEVEL": "WARNING"}
    pg_admin = os.environ.get("FRONTDOOR_TEST_PG_ADMIN_URL")
    if (script in NEEDS_SERVICES or "--processes" in extra) and pg_admin:
        env["PG_ADMIN_URL"] = pg_admin
        env["REDIS_URL"] = os.environ.get("FRONTDOOR_TEST_REDIS_URL", "")
    result = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{script}", "--smoke", *extra],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.strip(), "the benchmark printed no figures"
