"""The dashboard's words in French (default) and English.

``t(key, lang, **values)`` returns the text for ``key``; ``label(py_name, lang, fallback)`` names a model variable
(a French or English label when one is written here, else the model's own name from the .mdl).
Pure data and functions, no Streamlit.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from models.parameters import snake
from models.registry import MODELS_DIR

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app_title": ("Laboratoire de politiques de l'ESS", "ESS policy lab"),
    "app_caption": (
        "Modèles de dynamique des systèmes des CAE et des services à la personne, calibrés sur des chiffres publics.",
        "System-dynamics models of French CAE and personal services, calibrated on public figures.",
    ),
    "language": ("Langue", "Language"),
    "sector": ("Secteur", "Sector"),
    "scenario": ("Scénario", "Scenario"),
    "page_explore": ("Explorer", "Explore"),
    "page_compare": ("Comparer", "Compare"),
    "page_calibration": ("Calibration", "Calibration"),
    "page_uncertainty": ("Incertitude", "Uncertainty"),
    "page_model": ("Modèle", "Model"),
    "page_workshop": ("Atelier", "Workshop"),
    "model_cae": ("CAE – coopératives d'activités et d'emploi", "CAE – business and employment cooperatives"),
    "model_sap": ("SAP – services à la personne", "SAP – personal and household services"),
    "error_generic": (
        "Une erreur est survenue ; les réglages sont conservés. Détail : {detail}",
        "Something went wrong; your settings are kept. Detail: {detail}",
    ),
    "model_unavailable": (
        "Le modèle « {model} » ne peut pas être chargé ({detail}) ; choisissez un autre secteur.",
        "Model “{model}” cannot be loaded ({detail}); pick another sector.",
    ),
    "url_ignored": ("Lien : réglage ignoré ({detail})", "Link: setting ignored ({detail})"),
    "bad_lever": (
        "lien : « {name} » n'est pas un levier de ce modèle, ignoré.",
        "link: “{name}” is not a lever of this model, ignored.",
    ),
    "bad_number": (
        "lien : « {name} » = « {value} » n'est pas un nombre, ignoré.",
        "link: “{name}” = “{value}” is not a number, ignored.",
    ),
    "bad_range": (
        "lien : « {name} » = {value} est hors de sa plage {range}, ignoré.",
        "link: “{name}” = {value} is outside its range {range}, ignored.",
    ),
    "bad_year": (
        "lien : année « {value} » invalide pour « {name} », ignorée.",
        "link: invalid year “{value}” for “{name}”, ignored.",
    ),
    "bad_value": ("lien : « {name} » = « {value} » inconnu, ignoré.", "link: unknown “{name}” = “{value}”, ignored."),
    "bad_upload_link": (
        "lien : le scénario chargé qu'il contient est invalide ({detail}) ; référence utilisée.",
        "link: the uploaded scenario it carries is invalid ({detail}); baseline used.",
    ),
    "copy_link": (
        "L'adresse de la page contient tous les réglages : copiez-la pour partager cette vue.",
        "The page address holds every setting: copy it to share this view.",
    ),
    # explore
    "explore_title": ("Explorer les leviers", "Explore the levers"),
    "levers": ("Leviers de politique", "Policy levers"),
    "levers_help": (
        "Plages, valeurs par défaut, unités et sources lues dans le modèle (.mdl).",
        "Ranges, defaults, units and sources read from the model (.mdl).",
    ),
    "from_year": ("dès", "from"),
    "dates": ("Dates d'effet des leviers modifiés", "Start dates of the levers moved"),
    "from_year_help": (
        "Année à partir de laquelle la nouvelle valeur s'applique ({start} = toute la simulation).",
        "Year from which the new value applies ({start} = the whole run).",
    ),
    "reset_levers": ("Revenir au scénario", "Back to the scenario"),
    "reading_year": ("Année de lecture", "Reading year"),
    "vs_baseline": ("écart à la référence", "change against baseline"),
    "baseline": ("Référence", "Baseline"),
    "current": ("Réglages actuels", "Current settings"),
    "watch": ("Indicateur suivi", "Watched indicator"),
    "tab_employment": ("Emploi", "Employment"),
    "tab_finance": ("Finances publiques", "Public finance"),
    "tab_orgs": ("Organisations", "Organisations"),
    "tab_people": ("Parcours", "People chain"),
    "tab_hours": ("Heures par forme", "Hours by form"),
    "tab_data": ("Données", "Data"),
    "chart_employment": ("Emploi : effectifs et ETP", "Employment: headcount and FTE"),
    "chart_ledger": (
        "Comptes publics par instrument (dépenses +, recettes −) et coût net",
        "Public ledger by instrument (spending +, returns −) and net cost",
    ),
    "chart_dependence": ("Dépendance aux subventions", "Subsidy dependence"),
    "chart_balance": ("Résultat d'exploitation par forme juridique", "Operating balance by legal form"),
    "chart_mix": ("Mix des ressources : marché / membres / public", "Resource mix: market / members / public"),
    "chart_people": ("Chaîne des personnes (stocks)", "People chain (stocks)"),
    "chart_hours": ("Heures par forme de production", "Hours by form of production"),
    "net_cost": ("coût net", "net cost"),
    "spending": ("dépense", "spending"),
    "return": ("recette", "return"),
    "market": ("marché", "market"),
    "members": ("membres", "members"),
    "public": ("public", "public"),
    "downloads": ("Téléchargements", "Downloads"),
    "dl_csv": ("Simulation (CSV)", "Run (CSV)"),
    "dl_diff": ("Écarts (CSV)", "Differences (CSV)"),
    "dl_toml": ("Scénario (TOML)", "Scenario (TOML)"),
    "dl_png": ("PNG", "PNG"),
    "dl_svg": ("SVG", "SVG"),
    "upload_scenario": ("Charger un scénario (TOML)", "Upload a scenario (TOML)"),
    "upload_ok": ("Scénario « {title} » chargé.", "Scenario “{title}” loaded."),
    "upload_bad": ("Fichier refusé : {detail}", "File rejected: {detail}"),
    "upload_too_big": (
        "Fichier refusé : {size} octets, au plus {limit}.",
        "File rejected: {size} bytes, at most {limit}.",
    ),
    "upload_not_utf8": ("Fichier refusé : texte UTF-8 attendu.", "File rejected: UTF-8 text expected."),
    "uploaded": ("chargé", "uploaded"),
    "save_scenario": ("Garder ces réglages pour comparer", "Keep these settings to compare"),
    "saved_name": ("Nom", "Name"),
    "saved_ok": ("« {name} » ajouté à la comparaison.", "“{name}” added to the comparison."),
    "sources": ("Sources", "Sources"),
    "sources_caption": (
        "Sources des leviers modifiés : {items}",
        "Sources of the levers moved: {items}",
    ),
    "no_change": ("Aucun levier modifié : scénario tel quel.", "No lever moved: the scenario as it is."),
    "indicator_source": ("Définition (modèle)", "Definition (model)"),
    "range": ("plage", "range"),
    "default": ("défaut", "default"),
    "source": ("source", "source"),
    "missing_chart": ("Pas de variable pour ce graphique dans ce modèle.", "No variable for this chart in this model."),
    # compare
    "compare_title": ("Comparer des scénarios", "Compare scenarios"),
    "compare_pick": ("Scénarios (2 à 4)", "Scenarios (2 to 4)"),
    "compare_need": ("Choisissez de 2 à 4 scénarios.", "Pick 2 to 4 scenarios."),
    "window": ("Fenêtre", "Window"),
    "indicator": ("Indicateur", "Indicator"),
    "diff_table": ("Écarts à la référence sur la fenêtre", "Differences from the baseline over the window"),
    "col_scenario": ("Scénario", "Scenario"),
    "col_fte": ("ETP (moy.)", "FTE (mean)"),
    "col_dfte": ("Δ ETP (moy.)", "Δ FTE (mean)"),
    "col_headcount": ("Δ effectifs (moy.)", "Δ headcount (mean)"),
    "col_cost": ("Coût public net cumulé", "Cumulative net public cost"),
    "col_dcost": ("Δ coût net cumulé", "Δ cumulative net cost"),
    "col_dfte_new": ("dont Δ ETP nouveaux", "of which Δ new FTE"),
    "col_dfte_formalised": ("dont Δ ETP formalisés", "of which Δ formalised FTE"),
    "col_cost_per_fte": ("Coût net par ETP nouveau", "Net cost per new FTE"),
    "col_cost_per_formalised": ("Coût net par ETP formalisé", "Net cost per formalised FTE"),
    "col_dependence": ("Δ dépendance (moy.)", "Δ dependence (mean)"),
    "col_balance": ("Δ résultat cumulé", "Δ cumulative balance"),
    "cost_per_fte_note": (
        "Δ ETP = nouveaux (travail qui n'existait pas, déclaré ou non) + formalisés (travail non déclaré devenu "
        "déclaré ; négatif : travail déclaré passé au noir). Coût net par ETP nouveau = Δ coût public net ÷ Δ ETP "
        "nouveaux sur la fenêtre ; quand les deux baissent (une économie), c'est l'argent public économisé par emploi "
        "perdu. Tiret : aucun emploi ne change.",
        "Δ FTE = new (work that did not exist, declared or not) + formalised (undeclared work that became declared; "
        "negative: declared work pushed into undeclared work). Net cost per new FTE = Δ net public cost ÷ Δ new FTE "
        "over the window; when both fall (a saving), it is the public money saved per job lost. Dash: no job changes.",
    ),
    "saved_session_only": (
        "Scénarios gardés dans cette session (présents aussi dans le lien).",
        "Scenarios kept in this session (also in the link).",
    ),
    # model
    "model_title": ("Structure du modèle", "Model structure"),
    "diagram": ("Diagramme stocks-flux", "Stock-flow diagram"),
    "diagram_caption": (
        "Les vues du modèle, telles que Vensim et Simlin les ouvrent : stocks en boîtes, flux en tuyaux avec leur "
        "vanne (nuage = source ou puits hors du modèle), liens de causalité en flèches avec leur signe, leviers de "
        "politique en orange au bord de la vue ; un nom gris entre < > est une variable dessinée dans une autre vue. "
        "Boucles : R renforçante, B équilibrante.",
        "The model's views, as Vensim and Simlin open them: stocks as boxes, flows as pipes with their valve (cloud = "
        "source or sink outside the model), causal links as arrows with their sign, policy levers in orange at the "
        "edge of the view; a grey name between < > is a variable drawn in another view. "
        "Loops: R reinforcing, B balancing.",
    ),
    "view_pick": ("Vue", "View"),
    "diagram_zoom": ("Zoom", "Zoom"),
    "fit": ("pleine largeur", "page width"),
    "loop_elsewhere": ("Cette boucle passe aussi par les vues : {views}.", "This loop also runs through: {views}."),
    "loops": ("Boucles de rétroaction", "Feedback loops"),
    "loop_pick": ("Boucle à dessiner", "Loop to draw"),
    "loop_count": (
        "{n} boucles trouvées par l'analyse de Simlin (« Loops That Matter »).",
        "{n} loops found by Simlin's analysis (Loops That Matter).",
    ),
    "dominance": ("Boucles dominantes au fil du temps", "Dominant loops over time"),
    "dominance_caption": (
        "Part signée de chaque boucle dans le comportement du modèle (score relatif LTM, −1 à 1), "
        "sur la simulation de base du .mdl (valeurs par défaut, sans calendrier des mesures).",
        "Signed share of each loop in the model's behaviour (relative LTM score, −1 to 1), "
        "on the .mdl's base run (defaults, without the policy timeline).",
    ),
    "dominance_var": ("Boucles passant par", "Loops through"),
    "dominance_none": (
        "Aucune boucle ne passe par cette variable : toutes les boucles sont montrées.",
        "No loop goes through this variable: all loops are shown.",
    ),
    "dominant_periods": ("Périodes de dominance", "Dominance periods"),
    "documentation": ("Documentation des variables", "Variable documentation"),
    "doc_filter": ("Filtrer", "Filter"),
    "loops_unavailable": (
        "Analyse des boucles indisponible : {detail}",
        "Loop analysis unavailable: {detail}",
    ),
    "col_name": ("Nom", "Name"),
    "col_units": ("Unités", "Units"),
    "col_type": ("Type", "Type"),
    "col_min": ("Min", "Min"),
    "col_max": ("Max", "Max"),
    "col_default": ("Défaut", "Default"),
    "col_comment": ("Définition et source", "Definition and source"),
    "col_loop": ("Boucle", "Loop"),
    "col_tags": ("Boucles nommées du .mdl touchées", "Named .mdl loops touched"),
    "col_polarity": ("Polarité", "Polarity"),
    "col_length": ("Longueur", "Length"),
    "col_importance": ("Importance moyenne", "Mean importance"),
    "col_variables": ("Variables", "Variables"),
    "col_period": ("Période", "Period"),
    "reinforcing": ("renforçante", "reinforcing"),
    "balancing": ("équilibrante", "balancing"),
    # workshop
    "workshop_title": ("Atelier", "Workshop"),
    "ws_step": ("Étape {i} sur {n}", "Step {i} of {n}"),
    "ws_prev": ("◀ Précédent", "◀ Previous"),
    "ws_next": ("Suivant ▶", "Next ▶"),
    "ws_question": ("Question", "Question"),
    "ws_predict": ("Votre pronostic", "Your prediction"),
    "ws_up": ("hausse", "up"),
    "ws_down": ("baisse", "down"),
    "ws_same": ("peu de changement", "little change"),
    "ws_reveal": ("Voir ce qui se passe", "See what happens"),
    "ws_happened": ("Ce qui s'est passé", "What happened"),
    "ws_why": ("Pourquoi", "Why"),
    "ws_lever": ("Levier", "Lever"),
    "ws_summary": ("Bilan des choix", "Summary of choices"),
    "ws_presets": ("Scénarios prêts", "Preset scenarios"),
    "ws_load_preset": ("Charger « {title} » dans Explorer", "Load “{title}” in Explore"),
    "ws_happened_text": (
        "{indicator} en {year} : {value} ({delta} par rapport à la référence).",
        "{indicator} in {year}: {value} ({delta} against the baseline).",
    ),
    "ws_pred_right": ("Pronostic confirmé.", "Prediction confirmed."),
    "ws_pred_wrong": ("Surprise : le modèle dit autre chose.", "Surprise: the model says otherwise."),
    "ws_generic_question": (
        "Que se passe-t-il pour « {indicator} » si « {lever} » passe à la valeur choisie ?",
        "What happens to “{indicator}” if “{lever}” moves to the chosen value?",
    ),
    "ws_generic_why": (
        "Source du levier : {source}. Voir la page Modèle pour les boucles en jeu.",
        "Lever source: {source}. See the Model page for the loops at work.",
    ),
    "ws_col_step": ("Étape", "Step"),
    "ws_col_choice": ("Valeur choisie", "Value chosen"),
    "ws_col_pred": ("Pronostic", "Prediction"),
    "ws_col_result": ("Résultat", "Result"),
    "ws_large": ("Grands caractères", "Large type"),
    # calibration
    "calibration_title": ("Calibration", "Calibration"),
    "cal_result": ("Résultat de calibration", "Calibration result"),
    "cal_none": ("Aucun résultat de calibration pour ce modèle.", "No calibration result for this model."),
    "cal_stale": (
        "Ce résultat a été ajusté sur une autre version du modèle (empreinte différente) : à refaire.",
        "This result was fitted on another version of the model (different hash): refit it.",
    ),
    "cal_fit_chart": ("Données (± sigma) et modèle calibré", "Data (± sigma) and calibrated model"),
    "cal_stats": ("Statistiques d'ajustement", "Fit statistics"),
    "cal_holdout": ("Hors échantillon (après {year})", "Out of sample (after {year})"),
    "cal_estimates": ("Estimations et intervalles à 95 %", "Estimates and 95% intervals"),
    "cal_flags": ("Paramètres signalés : {names}", "Flagged parameters: {names}"),
    "cal_upload": ("Charger des cibles (CSV)", "Upload targets (CSV)"),
    "cal_run": ("Lancer la calibration", "Run the calibration"),
    "cal_until": ("Ajuster jusqu'à l'année", "Fit up to year"),
    "cal_seed": ("Graine", "Seed"),
    "cal_running": ("Calibration en cours…", "Calibrating…"),
    "cal_done": ("Calibration terminée : {message}", "Calibration finished: {message}"),
    "cal_use": ("Utiliser ces estimations dans Explorer", "Use these estimates in Explore"),
    "cal_in_use": ("Estimations de calibration appliquées : {name}", "Calibration estimates applied: {name}"),
    "cal_drop": ("Retirer la calibration", "Remove the calibration"),
    "cal_targets_ok": ("{n} cibles valides chargées.", "{n} valid targets loaded."),
    "cal_no_model_var": ("(variable absente du modèle)", "(variable not in the model)"),
    # uncertainty
    "uncertainty_title": ("Incertitude et sensibilité", "Uncertainty and sensitivity"),
    "unc_samples": ("Membres de l'ensemble", "Ensemble members"),
    "unc_fan": ("Bandes 5–95 % et 25–75 %", "5–95% and 25–75% bands"),
    "unc_ranges": ("{n} constantes tirées dans les plages du modèle", "{n} constants drawn in the model's ranges"),
    "unc_calibration": ("intervalles de la calibration {name}", "intervals of calibration {name}"),
    "unc_delta": (
        "écart au scénario de référence, membre par membre",
        "difference from the baseline, member by member",
    ),
    "unc_delta_caption": (
        "Même jeu de paramètres pour les deux simulations de chaque membre : l'écart isole l'effet des réglages de "
        "l'incertitude commune.",
        "Each member runs both settings on the same parameter set: the difference isolates the settings' effect from "
        "the shared uncertainty.",
    ),
    "unc_beats": (
        "Le scénario fait mieux que la référence sur « {indicator} » en {year} dans {share} des membres.",
        "The scenario beats the baseline on “{indicator}” in {year} in {share} of members.",
    ),
    "unc_better": ("Mieux veut dire", "Better means"),
    "unc_draw": ("Tirer les paramètres", "Draw the parameters"),
    "unc_draw_ranges": ("dans les plages du modèle (a priori)", "from the model's ranges (prior)"),
    "unc_draw_calibration": ("dans les intervalles de calibration ({name})", "from the calibration intervals ({name})"),
    "unc_higher": ("plus haut", "higher"),
    "unc_lower": ("plus bas", "lower"),
    "unc_tornado": ("Sensibilité (indices)", "Sensitivity (indices)"),
    "unc_method": ("Méthode", "Method"),
    "unc_run": ("Calculer", "Compute"),
    "unc_caption": (
        "Tirages dans les plages du modèle (hypercube latin) ou dans les intervalles de calibration, graine fixe.",
        "Draws from the model's ranges (Latin hypercube) or the calibration intervals, fixed seed.",
    ),
    "unc_sens_caption": (
        "Indices de sensibilité de « {indicator} » en {year} (SALib).",
        "Sensitivity indices of “{indicator}” in {year} (SALib).",
    ),
    "seed": ("Graine", "Seed"),
    "year": ("Année", "Year"),
    "value": ("Valeur", "Value"),
    "variable": ("Variable", "Variable"),
    "time": ("Année", "Year"),
}


def t(key: str, lang: str, **values: object) -> str:
    """Text for ``key`` in ``lang`` (French when unknown), with ``{placeholders}`` filled."""
    fr, en = TEXT[key]
    text = en if lang == "en" else fr
    return text.format(**values) if values else text


LABELS: dict[str, tuple[str, str]] = {
    # standard indicators (every model)
    "employment_headcount": ("Emploi (effectifs)", "Employment (headcount)"),
    "employment_fte": ("Emploi (ETP)", "Employment (FTE)"),
    "public_spending": ("Dépenses publiques", "Public spending"),
    "public_returns": ("Recettes publiques", "Public returns"),
    "net_public_cost": ("Coût public net", "Net public cost"),
    "subsidy_dependence": ("Dépendance aux subventions", "Subsidy dependence"),
    "operating_balance": ("Résultat d'exploitation", "Operating balance"),
    "resource_share_market": ("Part des ressources : marché", "Resource share: market"),
    "resource_share_members": ("Part des ressources : membres", "Resource share: members"),
    "resource_share_public": ("Part des ressources : public", "Resource share: public"),
    "hours_per_worker": ("Heures par travailleur", "Hours per worker"),
    "worker_turnover_rate": ("Rotation des travailleurs", "Worker turnover"),
    # CAE
    "cae": ("Nombre de CAE", "Number of CAE"),
    "entrepreneurs": ("Entrepreneurs", "Entrepreneurs"),
    "associate_share": ("Part d'associés", "Associate share"),
    "break_even_contribution_rate": ("Taux de contribution d'équilibre", "Break-even contribution rate"),
    "permanents_per_100_entrepreneurs": ("Permanents pour 100 entrepreneurs", "Permanents per 100 entrepreneurs"),
    "net_public_cost_per_fte": ("Coût public net par ETP", "Net public cost per FTE"),
    "permanents": ("Permanents", "Permanents"),
    "applicants_waiting": ("Candidats en attente", "Applicants waiting"),
    "entrepreneurs_in_test_phase": ("En phase de test (CAPE)", "In test phase (CAPE)"),
    "entrepreneurs_salaries": ("Entrepreneurs-salariés (CESA)", "Entrepreneurs-salariés (CESA)"),
    "associates": ("Associés", "Associates"),
    "reserves": ("Réserves", "Reserves"),
    "subsidy_per_accompanied_entrepreneur": (
        "Paiement public par entrant accompagné",
        "Public payment per entrant accompanied",
    ),
    "structural_grant_per_cae": ("Subvention de fonctionnement par CAE", "Structural grant per CAE"),
    "creation_grant_per_new_cae": ("Aide à la création d'une CAE", "Grant to create a new CAE"),
    "rights_maintained_during_cape": ("Maintien des droits pendant le CAPE", "Rights maintained during CAPE"),
    "law_2014_in_force": ("Loi ESS 2014 en vigueur", "2014 ESS law in force"),
    "contribution_rate": ("Taux de contribution", "Contribution rate"),
    "caseload_per_permanent": ("Entrepreneurs par permanent", "Caseload per permanent"),
    "accompaniment_subsidies": ("Paiements par entrant", "Payments per entrant"),
    "structural_grants": ("Subventions de fonctionnement", "Structural grants"),
    "creation_support_spending": ("Aides à la création", "Creation support"),
    "unemployment_benefits_during_cape": ("Allocations chômage (CAPE)", "Unemployment benefits (CAPE)"),
    "rsa_during_cape": ("RSA (CAPE)", "RSA (CAPE)"),
    "social_contributions_collected": ("Cotisations additionnelles", "Additional contributions"),
    "benefits_avoided": ("Allocations évitées", "Benefits avoided"),
    "benefits_to_test_phase_leavers": ("Allocations, sortants CAPE", "Benefits, CAPE leavers"),
    "benefits_on_opened_rights": ("Allocations, droits ouverts", "Benefits, rights opened"),
    "micro_entrepreneur_regime_in_force": (
        "Régime micro-entrepreneur en vigueur",
        "Micro-entrepreneur regime in force",
    ),
    "contribution_rule_in_force": ("Règle d'équilibre de la contribution", "Break-even contribution rule"),
    "maximum_contribution_rate": ("Taux de contribution maximal accepté", "Highest contribution rate accepted"),
    "entry_fee": ("Droit d'entrée", "Entry fee"),
    "public_money_indexation": ("Indexation de l'argent public", "Indexation of public money"),
    "applied_contribution_rate": ("Taux de contribution appliqué", "Applied contribution rate"),
    "budget_break_even_contribution_rate": ("Taux d'équilibre du budget", "Budget break-even rate"),
    "average_cae_size": ("Taille moyenne des CAE", "Average CAE size"),
    "cae_closures": ("Fermetures de CAE", "CAE closures"),
    "cae_choice_share": ("Part des porteurs de projet choisissant une CAE", "Share of project holders choosing a CAE"),
    "coverage": ("Couverture du territoire", "Territorial coverage"),
    "waiting_time": ("Attente avant admission", "Waiting time before admission"),
    "cesa_deadline_leavers": ("Départs à l'échéance des trois ans", "Leavers at the three-year deadline"),
    "es_in_first_three_years": ("ES, moins de 3 ans", "ES, under 3 years"),
    "es_beyond_three_years": ("ES, plus de 3 ans", "ES, over 3 years"),
    "support_quality": ("Qualité de l'accompagnement", "Support quality"),
    "mutualised_services_per_entrepreneur": (
        "Services mutualisés par entrepreneur",
        "Mutualised services per entrepreneur",
    ),
    "coordination_cost_per_entrepreneur": (
        "Coût de coordination par entrepreneur",
        "Coordination cost per entrepreneur",
    ),
    "viable_cae_size": ("Taille viable d'une CAE", "Viable CAE size"),
    "share_of_cae_below_viable_size": ("Part des CAE sous la taille viable", "Share of CAE below the viable size"),
    "expected_resources": ("Ressources anticipées", "Expected resources"),
    "member_contributions": ("Contributions des membres", "Members' contributions"),
    "operating_margin": ("Marge d'exploitation", "Operating margin"),
    "debt": ("Dette", "Debt"),
    "unfunded_deficit": ("Déficit non financé", "Unfunded deficit"),
    "entrepreneurs_turnover": ("Chiffre d'affaires des entrepreneurs", "Entrepreneurs' turnover"),
    "turnover_share_high_class": ("Part du chiffre d'affaires des gros chiffres", "Turnover share of the high class"),
    "share_of_entrepreneurs_paid_a_smic": (
        "Part des entrepreneurs payés au moins un Smic",
        "Share paid at least a SMIC",
    ),
    "additional_fte": ("ETP additionnels", "Additional FTE"),
    "net_public_cost_per_additional_fte": ("Coût public net par ETP additionnel", "Net public cost per additional FTE"),
    "gross_public_cost_per_entrant": ("Dépense publique par entrant", "Public spending per entrant"),
    "cost_index": ("Indice des coûts (Smic, 2009 = 1)", "Cost index (SMIC, 2009 = 1)"),
    "project_holders": ("Porteurs de projet", "Project holders"),
    "counterfactual_recipients": ("Allocataires contrefactuels", "Counterfactual recipients"),
    "test_phase_leavers_on_benefits": ("Sortants du CAPE indemnisés", "CAPE leavers on benefits"),
    "opened_rights": ("Droits ouverts non consommés", "Rights opened, not yet drawn"),
    "averaged_resources": ("Ressources lissées", "Averaged resources"),
    "reference_resources": ("Ressources de référence", "Reference resources"),
    **{
        f"es_{c}_{stage}": (f"ES {cfr}, {sfr}", f"ES {c}, {sen}")
        for c, cfr in (("low", "petit CA"), ("mid", "CA moyen"), ("high", "gros CA"))
        for stage, sfr, sen in (
            ("year_1", "1re année", "year 1"),
            ("year_2", "2e année", "year 2"),
            ("year_3", "3e année", "year 3"),
            ("beyond_3_years", "plus de 3 ans", "beyond 3 years"),
        )
    },
    "associates_low": ("Associés, petit CA", "Associates, low turnover"),
    "associates_mid": ("Associés, CA moyen", "Associates, middle turnover"),
    "associates_high": ("Associés, gros CA", "Associates, high turnover"),
    "cumulative_applications": ("Candidatures cumulées", "Cumulative applications"),
    "cumulative_withdrawn_applicants": ("Candidats ayant renoncé (cumul)", "Withdrawn applicants (cumulative)"),
    "cumulative_entries": ("Entrées cumulées", "Cumulative entries"),
    "cumulative_exits_to_own_firm": ("Sorties vers sa propre entreprise (cumul)", "Exits to own firm (cumulative)"),
    "cumulative_exits_to_salaried_job": (
        "Sorties vers un emploi salarié (cumul)",
        "Exits to a salaried job (cumulative)",
    ),
    "cumulative_exits_to_unemployment_or_inactivity": (
        "Sorties vers le chômage ou l'inactivité (cumul)",
        "Exits to unemployment or inactivity (cumulative)",
    ),
    "cumulative_project_holders": ("Porteurs de projet (cumul)", "Project holders (cumulative)"),
    "cumulative_choices_of_own_firm": ("Choix : propre entreprise (cumul)", "Chose own firm (cumulative)"),
    "cumulative_choices_of_micro_entrepreneur_regime": (
        "Choix : micro-entreprise (cumul)",
        "Chose micro-enterprise (cumulative)",
    ),
    "cumulative_choices_of_nothing": ("Choix : aucun projet (cumul)", "Chose nothing (cumulative)"),
    "cumulative_permanents_hired": ("Permanents embauchés (cumul)", "Permanents hired (cumulative)"),
    "cumulative_permanent_departures": ("Départs de permanents (cumul)", "Permanent departures (cumulative)"),
    "cumulative_cae_foundings": ("CAE fondées (cumul)", "CAE founded (cumulative)"),
    "cumulative_cae_spin_offs": ("CAE essaimées (cumul)", "CAE spun off (cumulative)"),
    "cumulative_cae_closures": ("CAE fermées (cumul)", "CAE closed (cumulative)"),
    "cumulative_structure_resources": ("Ressources des structures (cumul)", "Structure resources (cumulative)"),
    "cumulative_structure_costs": ("Charges des structures (cumul)", "Structure costs (cumulative)"),
    "cumulative_unfunded_deficit": ("Déficits non financés (cumul)", "Unfunded deficits (cumulative)"),
    "cumulative_borrowing": ("Emprunts (cumul)", "Borrowing (cumulative)"),
    "cumulative_debt_repayment": ("Remboursements (cumul)", "Debt repaid (cumulative)"),
    "cumulative_debt_written_off": ("Dettes abandonnées (cumul)", "Debt written off (cumulative)"),
    "cumulative_rights_opened": ("Droits ouverts (cumul)", "Rights opened (cumulative)"),
    "cumulative_benefits_on_opened_rights": (
        "Allocations sur droits ouverts (cumul)",
        "Benefits on opened rights (cumulative)",
    ),
    "cumulative_additional_entrants": ("Entrants additionnels (cumul)", "Additional entrants (cumulative)"),
    "cumulative_counterfactual_exits_from_benefits": (
        "Sorties contrefactuelles des allocations (cumul)",
        "Counterfactual exits from benefits (cumulative)",
    ),
    "cumulative_test_phase_exits_to_unemployment_or_inactivity": (
        "Sorties du CAPE vers le chômage (cumul)",
        "CAPE exits to unemployment (cumulative)",
    ),
    "cumulative_test_phase_leavers_off_benefits": (
        "Sortants du CAPE fin de droits (cumul)",
        "CAPE leavers off benefits (cumulative)",
    ),
    # SAP (names planned in issue 3; unused ones are harmless)
    "hours_declared": ("Heures déclarées", "Declared hours"),
    "hours_emploi_direct": ("Emploi direct", "Direct employment"),
    "hours_mandataire": ("Mandataire", "Mandataire"),
    "hours_prestataire": ("Prestataire", "Provider (prestataire)"),
    "undeclared_share": ("Part du travail non déclaré", "Undeclared share"),
    "net_public_cost_per_hour": ("Coût public net par heure", "Net public cost per hour"),
    "back_office_per_100_workers": ("Back-office pour 100 intervenants", "Back office per 100 workers"),
}


def label(py_name: str, lang: str, fallback: str | None = None) -> str:
    """Reader's name of a model variable: written label, else (in French) the model's French name
    (``models/<model>/names_fr.toml``), else the .mdl name (``fallback``), else the identifier."""
    if py_name in LABELS:
        fr, en = LABELS[py_name]
        return en if lang == "en" else fr
    if lang == "fr" and py_name in names_fr():
        return names_fr()[py_name]
    if fallback:
        return fallback[:1].upper() + fallback[1:]
    return py_name.replace("_", " ").capitalize()


@lru_cache(maxsize=1)
def names_fr() -> dict[str, str]:
    """French names of the bundled models' variables, by identifier (from each model's ``names_fr.toml``)."""
    out: dict[str, str] = {}
    for path in sorted(MODELS_DIR.glob("*/names_fr.toml")):
        out |= {snake(name): text for name, text in tomllib.loads(path.read_text(encoding="utf-8")).items()}
    return out


def model_title(model: str, lang: str) -> str:
    key = f"model_{model}"
    return t(key, lang) if key in TEXT else model.upper()


def other_lang(lang: str) -> str:
    return "en" if lang == "fr" else "fr"
