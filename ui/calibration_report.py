"""What the Calibration page says of a result, as pure functions (no Streamlit): the result shown first, flags in
words, the summary box's kind and text (green only when the search converged and no parameter is flagged), the
estimates table with units and headers in the page's language."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from models.catalog import snake
from models.scenarios import list_scenarios
from ui import fmt
from ui.i18n import TEXT, t

STALE = (  # calibration.staleness's reasons (English) -> a key of ui.i18n, the parts it quotes
    (re.compile(r"model changed \(fitted on (?P<fitted>\w+), now (?P<now>\w+)\)"), "stale_model"),
    (re.compile(r"model '?(?P<model>[^']*)'? is not bundled any more"), "stale_unbundled"),
    (re.compile(r"spec changed"), "stale_spec"),
    (re.compile(r"spec no longer valid \((?P<detail>.*)\)"), "stale_spec_invalid"),
    (re.compile(r"targets unusable \((?P<detail>.*)\)"), "stale_targets_unusable"),
    (re.compile(r"targets changed"), "stale_targets"),
)


def stale_text(reasons: Sequence[str], lang: str) -> str:
    """Why a result is stale, in ``lang`` (a reason not known is quoted as it is); to show through fmt.plain."""
    out = []
    for reason in reasons:
        match, key = next(((m, k) for p, k in STALE if (m := p.fullmatch(reason))), (None, ""))
        out.append(t(key, lang, **match.groupdict()) if match else reason)
    return "; ".join(out)


def known_scenarios(model: str) -> set[str]:
    return {"baseline", *list_scenarios(model)}


def default_pick(options: list[str], model: str, in_use: str | None) -> str:
    """The result shown first: the one in use, else the sector's own (``<model>``, not a case's), else the first."""
    for candidate in (f"file:{in_use}", f"file:{model}"):
        if candidate in options:
            return candidate
    return options[0]


def flag_text(flag: str, lang: str) -> str:
    """A calibration flag (``calibration.uncertainty``) in words."""
    code, _, other = flag.partition(":")
    return t(f"flag_{code}", lang, other=other) if f"flag_{code}" in TEXT else flag


def summary(result, lang: str) -> tuple[str, str]:
    """The box's kind (``success`` only when the search converged and no parameter is flagged) and its text."""
    flagged, total = len(result.flagged), len(result.parameters)
    fit = t("cal_summary_fit", lang, chi2=fmt.number(float(result.objective), lang), n=total)
    if not result.converged:
        return "error", f"{t('cal_summary_not_converged', lang)} {fit}"
    if flagged:
        return "warning", f"{t('cal_summary_flagged', lang, k=flagged, n=total)} {fit}"
    return "success", f"{t('cal_summary_ok', lang)} {fit}"


def headline(result, lang: str) -> tuple[str, str]:
    """The box's kind and the few words a toast can show in full (no "view more"): the flags' count, or that the search
    did not converge."""
    kind, _ = summary(result, lang)
    if kind == "error":
        return kind, t("cal_head_not_converged", lang)
    if kind == "warning":
        return kind, t("cal_head_flagged", lang, k=len(result.flagged), n=len(result.parameters))
    return kind, t("cal_head_ok", lang)


def param_label(name: str, info, lang: str) -> str:
    key = snake(name)
    return info[key].label(lang) if key in info else name


def estimates_frame(result, info, lang: str) -> pd.DataFrame:
    """Estimates with their unit, interval, bounds and flags in words, headers in the page's language."""
    sep = " ; " if lang == "fr" else ", "
    rows = []
    for p in result.parameters:
        key = snake(p.name)
        unit = fmt.unit_label(info[key].units, lang) if key in info else ""
        rows.append(
            {
                t("col_parameter", lang): param_label(p.name, info, lang),
                t("col_estimate", lang): fmt.number(p.estimate, lang),
                t("col_unit", lang): unit or t("no_unit", lang),
                t("col_interval", lang): f"[{fmt.number(p.ci[0], lang)}{sep}{fmt.number(p.ci[1], lang)}]",
                t("col_bounds", lang): f"{fmt.number(p.bounds[0], lang)} – {fmt.number(p.bounds[1], lang)}",
                t("col_flags", lang): ", ".join(flag_text(f, lang) for f in p.flags) or t("no_flag", lang),
            }
        )
    return pd.DataFrame(rows)
