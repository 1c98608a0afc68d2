"""The cost estimate before any run: steps x variables x members against a memory and a time limit, refused with the
estimate, before anything is allocated or written."""

from __future__ import annotations

import pytest

from models import budget, cli, distributed, ensemble, runtime, sensitivity
from models.catalog import catalog
from models.errors import ModelError
from models.scenarios import scenario_spec
from models.spec import RunSpec


def test_estimate_counts_steps_variables_and_members():
    spec = scenario_spec("cae")
    cost = budget.estimate(spec, runs=1000, outputs=17, inputs=61)
    assert cost.steps == 720 and cost.saved == 46
    assert cost.bytes == 8 * (1000 * (46 * 17 + 61) + 46 * cost.variables)  # + the run in progress, all variables
    assert cost.seconds == pytest.approx(1000 * 720 * cost.variables * budget.SECONDS_PER_STEP_VARIABLE["simlin"])
    assert cost.variables == len(catalog("cae").outputs)


def test_a_huge_single_run_is_refused_with_its_estimate_not_attempted():
    """A run spec built in code (no scenario file to check) still cannot ask Simlin for a terabyte."""
    with pytest.raises(ModelError, match=r"1 run of cae .* needs about [\d.,]+ TB of memory"):
        runtime.simulate(RunSpec("cae", final_time=1e9))
    with pytest.raises(ModelError, match=r"needs about .* of computing"):
        runtime.simulate(RunSpec("cae", time_step=1e-6))
    with pytest.raises(ModelError, match="bad time settings"):
        runtime.simulate(RunSpec("cae", initial_time=float("nan")))


def test_ensemble_outputs_beyond_the_memory_limit_are_refused_before_sampling(monkeypatch):
    monkeypatch.setattr(ensemble, "latin_hypercube", lambda *a: pytest.fail("sampled before the budget check"))
    with pytest.raises(ModelError) as err:
        ensemble.prepare(scenario_spec("cae"), 10_000_000, seed=1)
    message = str(err.value)
    assert "10,000,000 runs of cae" in message and "GB of memory" in message and "limits" in message


def test_sensitivity_runs_are_counted_before_salib_samples(monkeypatch):
    import SALib.sample.sobol

    monkeypatch.setattr(SALib.sample.sobol, "sample", lambda *a, **k: pytest.fail("sampled before the check"))
    with pytest.raises(ModelError, match=r"runs of cae"):
        sensitivity.sensitivity(scenario_spec("cae"), "sobol", "employment_fte", 2030, 10_000_000, seed=1)


def test_time_limit_scales_with_workers_and_a_remote_cluster_is_only_bounded_in_memory():
    spec = scenario_spec("cae")
    per_run = 720 * len(catalog("cae").outputs) * budget.SECONDS_PER_STEP_VARIABLE["simlin"]
    runs = int(budget.MAX_SECONDS / per_run) * 3
    with pytest.raises(ModelError, match="of computing"):
        budget.check(spec, runs, outputs=1, workers=1)
    budget.check(spec, runs, outputs=1, workers=4)
    budget.check(spec, runs, outputs=1, workers=None)  # a remote scheduler: its size is unknown here
    with pytest.raises(ModelError, match="GB of memory"):
        budget.check(spec, 100_000_000, outputs=17, workers=None)


def test_a_smaller_limit_is_honoured(monkeypatch):
    spec = scenario_spec("cae")
    with pytest.raises(ModelError, match="limits are"):
        distributed.evaluate(spec, ["contribution_rate"], [[0.1]] * 2000, ["employment_fte"], max_seconds=0.01)


def test_cli_refuses_a_huge_ensemble_at_once_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "bands.csv"
    assert cli.main(["ensemble", "cae", "--samples", "10000000", "--seed", "1", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "10,000,000 runs of cae" in err[0] and "GB of memory" in err[0]
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("workers", ["100000", "0"])
def test_cli_bounds_the_number_of_workers(workers, tmp_path, capsys):
    out = tmp_path / "bands.csv"
    assert cli.main(["ensemble", "cae", "--samples", "5", "--workers", workers, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--workers" in err[0]
