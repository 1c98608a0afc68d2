"""Calibration of the bundled models on published figures (scipy), with fit statistics, intervals and flags.

Python API (data in, data out; specs and results are frozen dataclasses)::

    from calibration import load_targets, load_spec, fit, fit_table, result_to_json, save_result, load_result

    targets = load_targets("calibration/targets/cae.csv", model="cae")   # or a DataFrame / file-like (uploads)
    spec = load_spec("cae")                      # calibration/specs/cae.toml; load_spec("cae", "cae-coopaname")
    result = fit("cae", spec, targets, until=None, seed=0, progress=lambda fraction: ...)
    result.parameters      # tuple of Estimate(name, estimate, ci=(lo, hi), bounds=(a, b), flags=(...))
    result.estimates       # {py_name: estimate}: RunSpec.with_constants(result.estimates)
    result.fit, result.holdout   # {series: SeriesFit(rmse, mape, r2, theil_u, um, us, uc, n)}
    result.converged, result.message, result.diagnostics   # condition number, correlations, residuals, runs
    fit_table(result, targets)   # long DataFrame time, variable, value, kind (data|model), sigma, set (fit|holdout)
    save_result(result, "out.json"); load_result("out.json"); result_to_json(result)
    stale_reasons(result)  # [] when the model, targets and spec are those it was fitted on
    summary_text(result), fit_chart(fit_table(result))   # text report; Altair chart (save_chart -> PNG/SVG)

* Targets: long CSV ``variable,time,value,sigma,source[,weight,scenario,transform,mark,note]`` (calibration.targets).
* Specs: TOML with [parameters] (bounds inside the model's ranges), [objective] (log errors for counts), [method]
  (starts, global check, profile or bootstrap intervals) (calibration.specs).
* Method: multi-start bounded least_squares from Latin-hypercube starts, differential_evolution global check,
  profile-likelihood (or bootstrap) 95% intervals, Jacobian condition number and correlations (calibration.fit,
  calibration.uncertainty); statistics after Sterman 1984 (calibration.stats).
* Errors: every bad input raises :class:`CalibrationError` (a ``models.errors.ModelError``) with a one-line message.

Command line: ``python -m calibration fit MODEL [--spec S] [--targets CSV] [--until YEAR] [--seed N] --out R.json``,
``report R.json [--plot F.png|F.svg]``, ``status``, ``refit-all [--only-stale]``.
"""

from calibration.errors import CalibrationError
from calibration.fit import fit, fit_table
from calibration.refit import refit_all, stale_reasons, status
from calibration.report import fit_chart, save_chart, summary_text
from calibration.result import CalibrationResult, Estimate, load_result, result_to_dict, result_to_json, save_result
from calibration.specs import Bounds, CalibrationSpec, Method, list_specs, load_spec, parse_spec
from calibration.stats import SeriesFit, series_fit
from calibration.targets import load_targets

__all__ = [
    "Bounds",
    "CalibrationError",
    "CalibrationResult",
    "CalibrationSpec",
    "Estimate",
    "Method",
    "SeriesFit",
    "fit",
    "fit_chart",
    "fit_table",
    "list_specs",
    "load_result",
    "load_spec",
    "load_targets",
    "parse_spec",
    "refit_all",
    "result_to_dict",
    "result_to_json",
    "save_chart",
    "save_result",
    "series_fit",
    "stale_reasons",
    "status",
    "summary_text",
]
