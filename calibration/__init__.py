"""Calibration of the bundled models on published figures (scipy), with fit statistics, intervals and flags.

Python API (data in, data out; specs and results are frozen dataclasses)::

    from calibration import load_targets, load_spec, fit, fit_table, result_to_json, save_result, load_result

    targets = load_targets(TARGETS_DIR / "cae.csv", model="cae")   # calibration.paths; or a DataFrame / file-like
    spec = load_spec("cae")                      # calibration/specs/cae.toml; load_spec("cae", "cae-coopaname")
    result = fit("cae", spec, targets, until=None, seed=0, progress=lambda fraction: ...)   # on_run=lambda runs: ...
                                                 # (either callback may raise to stop the fit: the error propagates)
    result.parameters      # tuple of Estimate(name, estimate, ci=(lo, hi), bounds=(a, b), flags=(...))
    result.estimates       # {py_name: estimate}: RunSpec.with_constants(result.estimates)
    result.fit, result.holdout   # {series: SeriesFit(rmse, mape, r2, theil_u, um, us, uc, n)}
    result.converged, result.message, result.diagnostics   # condition number, correlations, residuals, runs
    fit_table(result, targets)   # long DataFrame time, variable, value, kind (data|model), sigma, set (fit|holdout)
    save_result(result, "out.json"); load_result("out.json"); result_to_json(result)
    stale_reasons(result)  # [] when the model, targets and spec are those it was fitted on
    Estimates.load(RESULTS_DIR / "cae.json", "cae")   # .values, .intervals, .stale: how every run applies a result
    summary_text(result), fit_chart(fit_table(result))   # text report; Altair chart (save_chart -> PNG/SVG)

* Targets: long CSV ``variable,time,value,sigma,source[,weight,scenario,transform,mark,note]`` (calibration.targets).
* Specs: TOML with [parameters] (bounds inside the model's ranges), [objective] (log errors for counts), [method]
  (starts, global check, profile or bootstrap intervals) (calibration.specs).
* Method: multi-start bounded least_squares from Latin-hypercube starts, differential_evolution global check,
  profile-likelihood (or bootstrap) 95% intervals, Jacobian condition number and correlations (calibration.fitting,
  calibration.uncertainty); statistics after Sterman 1984 (calibration.stats).
* Errors: every bad input raises :class:`CalibrationError` (a ``models.errors.ModelError``) with a one-line message.

Command line: ``python -m calibration fit MODEL [--spec S] [--targets CSV] [--until YEAR] [--seed N] --out R.json``,
``report R.json [--plot F.png|F.svg]``, ``status``, ``refit-all [--only-stale]``.
"""

from importlib import import_module

_EXPORTS = {
    "Bounds": "specs",
    "CalibrationError": "errors",
    "CalibrationResult": "result",
    "CalibrationSpec": "specs",
    "Estimate": "result",
    "Estimates": "estimates",
    "Method": "method",
    "SeriesFit": "stats",
    "committed_result": "result",
    "committed_results": "result",
    "fit": "fitting",
    "fit_chart": "report",
    "fit_table": "comparison",
    "list_specs": "specs",
    "load_result": "result",
    "load_spec": "specs",
    "load_targets": "targets",
    "parse_spec": "specs",
    "refit_all": "refit",
    "result_to_dict": "result",
    "result_to_json": "result",
    "save_chart": "report",
    "save_result": "result",
    "series_fit": "stats",
    "stale_reasons": "staleness",
    "status": "refit",
    "summary_text": "report",
    "unreadable_results": "result",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """The public names, imported on first use (so that reading estimates does not import the optimisers)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'calibration' has no attribute {name!r}")
    return getattr(import_module(f"calibration.{_EXPORTS[name]}"), name)
