"""The dashboard's words in French (default) and English.

``t(key, lang, **values)`` returns the text for ``key``. Words about a sector (its title, its variables' names, its
chart groups) are not here: they are declared beside its model, in ``models/<sector>/model.toml``. Pure data and
functions, no Streamlit.
"""

from __future__ import annotations

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

TEXT: dict[str, tuple[str, str]] = {
    # shell
    "language": ("Langue", "Language"),
    "sector": ("Secteur", "Sector"),
    "scenario": ("Scénario", "Scenario"),
    "page_explore": ("Explorer", "Explore"),
    "page_compare": ("Comparer", "Compare"),
    "page_calibration": ("Calibration", "Calibration"),
    "page_uncertainty": ("Incertitude", "Uncertainty"),
    "page_model": ("Modèle", "Model"),
    "page_workshop": ("Atelier", "Workshop"),
    "page_validity": ("Validité", "Validity"),
    "error_generic": (
        "Une erreur est survenue ; les réglages sont conservés. Détail : {detail}",
        "Something went wrong; your settings are kept. Detail: {detail}",
    ),
    "model_unavailable": (
        "Le modèle « {model} » ne peut pas être chargé ({detail}) ; choisissez un autre secteur.",
        "Model “{model}” cannot be loaded ({detail}); pick another sector.",
    ),
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
        "Le lien contient tous les réglages de la vue (page, onglet, secteur, scénario, leviers).",
        "The link holds every setting of this view (page, tab, sector, scenario, levers).",
    ),
    "copy_link_button": ("Copier le lien", "Copy the link"),
    "copy_link_done": ("Lien copié dans le presse-papiers.", "Link copied to the clipboard."),
    "copy_link_manual": (
        "Copie refusée par le navigateur : copiez le lien ci-dessous (Ctrl+C).",
        "The browser refused to copy: copy the link below (Ctrl+C).",
    ),
    # explore
    "explore_title": ("Explorer les leviers", "Explore the levers"),
    "levers": ("Leviers de politique", "Policy levers"),
    "levers_help": (
        "Un levier modifié s'applique à partir de {year} ; l'année se change sous le levier ({start} = réécrire "
        "l'histoire depuis le début). Plages, unités et sources lues dans le modèle (.mdl).",
        "A lever moved applies from {year}; change the year under the lever ({start} = rewrite history from the "
        "start). Ranges, units and sources read from the model (.mdl).",
    ),
    "lever_search": ("Chercher un levier", "Find a lever"),
    "lever_search_hint": ("un mot de son nom…", "a word of its name…"),
    "lever_none_found": ("Aucun levier ne contient « {query} ».", "No lever contains “{query}”."),
    "other_levers": ("Autres leviers", "Other levers"),
    "moved_count": ("{n} modifié(s)", "{n} moved"),
    "from_year": ("dès", "from"),
    "from_year_label": ("… à partir de l'année", "… from the year"),
    "from_year_help": (
        "Année à partir de laquelle la nouvelle valeur s'applique ({start} = toute la simulation).",
        "Year from which the new value applies ({start} = the whole run).",
    ),
    "answer_title": (
        "Effet des réglages par rapport à la référence, moyenne annuelle {a}–{b}",
        "Effect of the settings against the baseline, yearly mean {a}–{b}",
    ),
    "answer_later": (
        "Les réglages ne changent rien avant {start} : placez l'année de lecture après {start} pour voir leur effet "
        "(elle est à {year}).",
        "The settings change nothing before {start}: set the reading year after {start} to see their effect "
        "(it is {year}).",
    ),
    "answer_jobs": ("Δ emplois (ETP)", "Δ jobs (FTE)"),
    "answer_cost": ("Δ coût public net", "Δ net public cost"),
    "answer_cost_per_job": ("Coût par emploi créé", "Cost per job created"),
    "answer_cost_per_job_help": (
        "Δ coût public net ÷ Δ ETP nouveaux : l'argent public de plus, chaque année, pour chaque emploi créé.",
        "Δ net public cost ÷ Δ new FTE: the extra public money, each year, for each job created.",
    ),
    "answer_saving_per_job_lost": ("Économie par emploi perdu", "Saving per job lost"),
    "answer_saving_per_job_lost_help": (
        "Les deux baissent : Δ coût public net ÷ Δ ETP nouveaux est l'argent public économisé, chaque année, pour "
        "chaque emploi perdu.",
        "Both fall: Δ net public cost ÷ Δ new FTE is the public money saved, each year, for each job lost.",
    ),
    "answer_jobs_and_saving": ("Emplois créés et économies", "Jobs created and money saved"),
    "answer_jobs_and_saving_help": (
        "Plus d'emplois pour moins d'argent public : pas de coût par emploi à calculer.",
        "More jobs for less public money: no cost per job to compute.",
    ),
    "answer_jobs_lost_and_cost": ("Emplois perdus et coût accru", "Jobs lost and cost up"),
    "answer_jobs_lost_and_cost_help": (
        "Moins d'emplois pour plus d'argent public : pas de coût par emploi à calculer.",
        "Fewer jobs for more public money: no cost per job to compute.",
    ),
    "answer_cost_no_jobs": ("Aucun emploi ne change", "No job changes"),
    "answer_cost_no_jobs_help": (
        "Moins d'un demi-ETP d'écart : le coût par emploi n'a pas de sens.",
        "Less than half an FTE of change: a cost per job has no meaning.",
    ),
    "answer_identical": ("Identique à la référence", "Same as the baseline"),
    "answer_identical_help": ("Ni les emplois ni le coût ne changent.", "Neither jobs nor cost change."),
    "answer_split": (
        "Dont ETP nouveaux {new}, formalisés {formalised}.",
        "Of which new FTE {new}, formalised {formalised}.",
    ),
    "answer_convention": (
        "Écarts = réglages − référence. Coût public net = dépenses − recettes publiques : positif, l'État dépense "
        "plus. Par emploi = Δ coût ÷ Δ ETP nouveaux, en € par ETP et par an.",
        "Changes = settings − baseline. Net public cost = public spending − returns: positive, the state spends "
        "more. Per job = Δ cost ÷ Δ new FTE, in € per FTE per year.",
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
    "tab_data": ("Données", "Data"),
    "chart_employment": ("Emploi : effectifs et ETP", "Employment: headcount and FTE"),
    "chart_ledger": (
        "Comptes publics par instrument (dépenses +, recettes −) et coût net",
        "Public ledger by instrument (spending +, returns −) and net cost",
    ),
    "chart_dependence": ("Dépendance aux subventions", "Subsidy dependence"),
    "chart_balance": ("Résultat d'exploitation par forme juridique", "Operating balance by legal form"),
    "chart_mix": ("Mix des ressources : marché / membres / public", "Resource mix: market / members / public"),
    "net_cost": ("coût net", "net cost"),
    "spending": ("dépense", "spending"),
    "return": ("recette", "return"),
    "downloads": ("Téléchargements", "Downloads"),
    "dl_csv": ("Simulation (CSV)", "Run (CSV)"),
    "dl_diff": ("Écarts (CSV)", "Differences (CSV)"),
    "dl_toml": ("Scénario (TOML)", "Scenario (TOML)"),
    "dl_png": ("PNG", "PNG"),
    "dl_svg": ("SVG", "SVG"),
    "upload_scenario": ("Charger un scénario (TOML)", "Upload a scenario (TOML)"),
    "upload_ok": ("Scénario « {title} » chargé.", "Scenario “{title}” loaded."),
    "upload_bad": ("Fichier refusé : {detail}", "File rejected: {detail}"),
    "upload_too_big": ("Fichier refusé : {size}, {limit} au plus.", "File rejected: {size}, {limit} at most."),
    "upload_limit": ("Fichier {kind}, {limit} au plus.", "{kind} file, {limit} at most."),
    "upload_browse": ("Choisir un fichier", "Choose a file"),
    "upload_refused": ("trop gros", "too large"),
    "upload_not_utf8": ("Fichier refusé : texte UTF-8 attendu.", "File rejected: UTF-8 text expected."),
    "uploaded": ("chargé", "uploaded"),
    "save_scenario": ("Garder ces réglages pour comparer", "Keep these settings to compare"),
    "saved_name": ("Nom", "Name"),
    "saved_ok": ("« {name} » ajouté à la comparaison.", "“{name}” added to the comparison."),
    "sources_caption": (
        "Leviers modifiés : {items}",
        "Sources of the levers moved: {items}",
    ),
    "no_change": ("Aucun levier modifié : scénario tel quel.", "No lever moved: the scenario as it is."),
    "indicator_source": ("Définition (modèle)", "Definition (model)"),
    "indicator_source_fr": (
        "Variables du modèle : {items}. Définitions et sources : page Modèle.",
        "Model variables: {items}. Definitions and sources: Model page.",
    ),
    "range": ("plage", "range"),
    "default": ("défaut", "default"),
    "source": ("source", "source"),
    "file_made": (
        "Laboratoire de politiques ESS · {model}, version du modèle {version} · {date}",
        "ESS policy lab · {model}, model version {version} · {date}",
    ),
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
    "col_cost_per_fte": ("Coût ou économie par emploi", "Cost or saving per job"),
    "col_dcost_year": ("Δ coût public net (moy.)", "Δ net public cost (mean)"),
    "per_job_created": ("{money} par emploi créé", "{money} per job created"),
    "per_job_lost": ("{money} économisés par emploi perdu", "{money} saved per job lost"),
    "no_ratio": ("sans objet (aucun emploi formalisé)", "n/a (no formalised job)"),
    "no_split": ("non distingué par ce modèle", "not separated by this model"),
    "col_cost_per_formalised": ("Coût net par ETP formalisé", "Net cost per formalised FTE"),
    "col_dependence": ("Δ dépendance (moy.)", "Δ dependence (mean)"),
    "col_balance": ("Δ résultat cumulé", "Δ cumulative balance"),
    "cost_per_fte_note": (
        "Δ ETP = nouveaux (travail qui n'existait pas, déclaré ou non) + formalisés (travail non déclaré devenu "
        "déclaré ; négatif : travail déclaré passé au noir). Coût ou économie par emploi = Δ coût public net ÷ Δ ETP "
        "nouveaux sur la fenêtre ; quand les deux baissent (une économie), c'est l'argent public économisé par emploi "
        "perdu.",
        "Δ FTE = new (work that did not exist, declared or not) + formalised (undeclared work that became declared; "
        "negative: declared work pushed into undeclared work). Cost or saving per job = Δ net public cost ÷ Δ new FTE "
        "over the window; when both fall (a saving), it is the public money saved per job lost.",
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
    "role_stock": ("stock", "stock"),
    "role_flow": ("flux", "flow"),
    "role_lever": ("levier", "lever"),
    "role_uncertainty": ("paramètre incertain", "uncertain parameter"),
    "role_constant": ("constante", "constant"),
    "role_indicator": ("indicateur", "indicator"),
    "role_output": ("variable calculée", "computed variable"),
    "role_lookup": ("table", "lookup table"),
    "col_min": ("Min", "Min"),
    "col_max": ("Max", "Max"),
    "col_default": ("Défaut", "Default"),
    "col_comment": ("Définition et source", "Definition and source"),
    "col_mdl_comment": ("Commentaire du .mdl (en anglais)", "Comment in the .mdl"),
    "col_label": ("Nom en français", "Name"),
    "col_mdl_name": ("Nom dans le .mdl", "Name in the .mdl"),
    "mdl_quoted": (
        "Les noms d'origine et les commentaires (définition et source de chaque variable) sont cités tels quels du "
        "fichier .mdl, rédigé en anglais.",
        "Original names and comments (each variable's definition and source) are quoted from the .mdl file.",
    ),
    "col_loop": ("Boucle", "Loop"),
    "col_tags": ("Boucles nommées du .mdl touchées", "Named .mdl loops touched"),
    "col_polarity": ("Polarité", "Polarity"),
    "col_length": ("Longueur", "Length"),
    "col_importance": ("Importance moyenne", "Mean importance"),
    "col_variables": ("Variables", "Variables"),
    "col_period": ("Période", "Period"),
    # workshop
    "workshop_title": ("Atelier", "Workshop"),
    "ws_step": ("Étape {i} sur {n}", "Step {i} of {n}"),
    "ws_prev": ("◀ Précédent", "◀ Previous"),
    "ws_next": ("Suivant ▶", "Next ▶"),
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
    "ws_projector": ("Mode projecteur (sans menu latéral)", "Projector mode (no sidebar)"),
    "ws_projector_help": (
        "Masque le menu latéral pour donner toute la largeur à l'atelier ; désactivez pour le retrouver.",
        "Hides the sidebar to give the workshop the whole width; switch off to bring it back.",
    ),
    "ws_large": ("Grands caractères", "Large type"),
    # calibration
    "calibration_title": ("Calibration", "Calibration"),
    "cal_result": ("Résultat de calibration", "Calibration result"),
    "cal_none": ("Aucun résultat de calibration pour ce modèle.", "No calibration result for this model."),
    "cal_stale": (
        "Ce résultat ne correspond plus à ce sur quoi il a été ajusté (modèle, cibles ou spécification) : à refaire.",
        "This result no longer matches what it was fitted on (model, targets or spec): refit it.",
    ),
    "stale_model": (
        "modèle modifié (ajusté sur la version {fitted}, version actuelle {now})",
        "model changed (fitted on {fitted}, now {now})",
    ),
    "stale_unbundled": ("le modèle « {model} » n'est plus fourni", "model '{model}' is not bundled any more"),
    "stale_spec": ("la spécification a changé", "spec changed"),
    "stale_spec_invalid": ("spécification devenue invalide ({detail})", "spec no longer valid ({detail})"),
    "stale_targets_unusable": ("cibles inutilisables ({detail})", "targets unusable ({detail})"),
    "stale_targets": ("les cibles ont changé", "targets changed"),
    "cal_unreadable": (
        "Résultat de calibration illisible, ignoré : {name} ({detail})",
        "Unreadable calibration result, left out: {name} ({detail})",
    ),
    "cal_sources_missing": (
        "Sources des cibles indisponibles : {detail}",
        "Sources of the targets unavailable: {detail}",
    ),
    "cal_fit_chart": ("Données (± sigma) et modèle calibré", "Data (± sigma) and calibrated model"),
    "cal_stats": ("Statistiques d'ajustement", "Fit statistics"),
    "cal_holdout": ("Hors échantillon (après {year})", "Out of sample (after {year})"),
    "cal_estimates": ("Estimations et intervalles à 95 %", "Estimates and 95% intervals"),
    "cal_flags": ("Paramètres signalés : {names}", "Flagged parameters: {names}"),
    "cal_spec": ("Spécification", "Specification"),
    "cal_title_fr": ("Calibration « {name} »", "Calibration “{name}”"),
    "cal_data": ("Données (± σ)", "Data (± σ)"),
    "cal_model": ("Modèle calibré", "Calibrated model"),
    "cal_summary_ok": (
        "Ajustement convergé, aucun paramètre signalé.",
        "The fit converged and no parameter is flagged.",
    ),
    "cal_summary_flagged": (
        "Ajustement convergé, mais {k} paramètre(s) sur {n} signalé(s) : à lire avec prudence (voir le tableau).",
        "The fit converged, but {k} of {n} parameter(s) are flagged: read with care (see the table).",
    ),
    "cal_summary_not_converged": (
        "La recherche n'a pas convergé : ces estimations ne sont pas fiables.",
        "The search did not converge: these estimates are not reliable.",
    ),
    "cal_head_ok": ("aucun paramètre signalé.", "no parameter flagged."),
    "cal_head_flagged": ("{k} paramètre(s) sur {n} signalé(s).", "{k} of {n} parameter(s) flagged."),
    "cal_head_not_converged": ("la recherche n'a pas convergé.", "the search did not converge."),
    "cal_summary_fit": ("Chi² {chi2}, {n} paramètres estimés.", "Chi² {chi2}, {n} parameters estimated."),
    "cal_diagnostics": (
        "Conditionnement de la jacobienne {condition} · {runs} simulations · {seconds} s",
        "Jacobian condition number {condition} · {runs} model runs · {seconds} s",
    ),
    "col_parameter": ("Paramètre", "Parameter"),
    "col_estimate": ("Estimation", "Estimate"),
    "col_unit": ("Unité", "Unit"),
    "col_interval": ("Intervalle à 95 %", "95% interval"),
    "col_bounds": ("Bornes de recherche", "Search bounds"),
    "col_flags": ("Signalements", "Flags"),
    "no_unit": ("sans unité", "no unit"),
    "no_flag": ("aucun", "none"),
    "flag_at_lower_bound": ("à la borne basse de la recherche", "at the lower search bound"),
    "flag_at_upper_bound": ("à la borne haute de la recherche", "at the upper search bound"),
    "flag_unidentifiable": (
        "non identifiable (les données ne le contraignent pas)",
        "unidentifiable (the data do not constrain it)",
    ),
    "flag_ci_reaches_lower_bound": ("intervalle jusqu'à la borne basse", "interval reaches the lower bound"),
    "flag_ci_reaches_upper_bound": ("intervalle jusqu'à la borne haute", "interval reaches the upper bound"),
    "flag_correlated_with": ("corrélé avec « {other} »", "correlated with “{other}”"),
    "cal_upload": ("Charger des cibles (CSV)", "Upload targets (CSV)"),
    "cal_run": ("Lancer la calibration", "Run the calibration"),
    "cal_until": ("Ajuster jusqu'à l'année", "Fit up to year"),
    "cal_seed": ("Graine", "Seed"),
    "cal_running": ("Calibration en cours…", "Calibrating…"),
    "cal_done": ("Calibration terminée : {message}", "Calibration finished: {message}"),
    "cal_runs_done": ("simulations", "model runs"),
    "cal_stopped_cancelled": (
        "Calibration annulée : aucun résultat n'a été gardé. Relancez-la quand vous voulez.",
        "Calibration cancelled: no result was kept. Run it again whenever you like.",
    ),
    "cal_stopped_interrupted": (
        "Calibration interrompue par une autre action sur la page : aucun résultat n'a été gardé.",
        "Calibration interrupted by another action on the page: no result was kept.",
    ),
    "cal_use": ("Utiliser ces estimations dans Explorer", "Use these estimates in Explore"),
    "cal_in_use": ("Estimations de calibration appliquées : {name}", "Calibration estimates applied: {name}"),
    "cal_drop": ("Retirer la calibration", "Remove the calibration"),
    "cal_targets_ok": ("{n} cibles valides chargées.", "{n} valid targets loaded."),
    # long jobs (progress bar and cancel)
    "cancel": ("Annuler", "Cancel"),
    "time_left": ("temps restant ≈ {time}", "≈ {time} left"),
    "time_left_unknown": ("estimation du temps restant…", "estimating time left…"),
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
    "unc_identical": (
        "Les réglages ne changent pas « {indicator} » en {year} : identique à la référence dans tous les membres.",
        "The settings do not change “{indicator}” in {year}: identical to the baseline in every member.",
    ),
    "unc_excluded": (
        "{k} membres sur {n} exclus : la sortie du modèle y sort de ses bornes physiques plausibles (déclarées à "
        "côté du modèle) ou n'est pas finie, dans les plages a priori. Les indices viennent des autres membres.",
        "{k} of {n} members excluded: the model's output leaves its plausible physical bounds there (declared beside "
        "the model) or is non-finite, within the prior ranges. The indices come from the other members.",
    ),
    "unc_refused": (
        "Analyse refusée : dans {k} membres sur {n}, la sortie du modèle sort de ses bornes physiques plausibles ou "
        "n'est pas finie ; aucun indice ne peut être calculé sur si peu de membres (docs/PLAUSIBILITY.md).",
        "Analysis refused: in {k} of {n} members the model's output leaves its plausible physical bounds or is "
        "non-finite; no index can be computed from so few members (docs/PLAUSIBILITY.md).",
    ),
    "unc_explain_morris": (
        "μ* : de combien l'indicateur change, en moyenne et en valeur absolue, quand la constante passe d'un niveau "
        "de sa plage à un autre (l'unité est celle de l'indicateur) ; σ grand : son effet dépend des autres "
        "constantes (non-linéarité, interactions).",
        "μ*: how much the indicator changes, on average and in absolute value, when the constant moves from one level "
        "of its range to another (in the indicator's unit); a large σ: its effect depends on the other constants "
        "(non-linearity, interactions).",
    ),
    "unc_explain_sobol": (
        "S1 : part de la variance de l'indicateur due à la constante seule ; ST : avec ses interactions.",
        "S1: share of the indicator's variance due to the constant alone; ST: with its interactions.",
    ),
    "unc_runs": ("{runs} simulations.", "{runs} model runs."),
    "unc_draw": ("Tirer les paramètres", "Draw the parameters"),
    "unc_draw_ranges": ("dans les plages du modèle (a priori)", "from the model's ranges (prior)"),
    "unc_draw_calibration": ("dans les intervalles de calibration ({name})", "from the calibration intervals ({name})"),
    "unc_higher": ("plus haut", "higher"),
    "unc_lower": ("plus bas", "lower"),
    "unc_tornado": ("Sensibilité (indices)", "Sensitivity (indices)"),
    "unc_method": ("Méthode", "Method"),
    "unc_run": ("Calculer", "Compute"),
    "unc_members_done": ("simulations", "model runs"),  # the count is of runs: two per member (baseline, settings)
    "unc_running_ensemble": ("Ensemble en cours", "Running the ensemble"),
    "unc_running_sensitivity": ("Analyse de sensibilité en cours", "Running the sensitivity analysis"),
    "unc_stopped_cancelled": (
        "Calcul annulé : rien n'a été gardé. Changez un réglage ou recalculez quand vous voulez.",
        "Computation cancelled: nothing was kept. Change a setting or compute again whenever you like.",
    ),
    "unc_stopped_interrupted": (
        "Calcul interrompu par une autre action sur la page : rien n'a été gardé.",
        "Computation interrupted by another action on the page: nothing was kept.",
    ),
    "unc_again": ("Relancer l'ensemble", "Run the ensemble again"),
    "unc_caption": (
        "Tirages dans les plages du modèle (hypercube latin) ou dans les intervalles de calibration, graine fixe.",
        "Draws from the model's ranges (Latin hypercube) or the calibration intervals, fixed seed.",
    ),
    "unc_sens_caption": (
        "Indices de sensibilité de « {indicator} » en {year} (SALib).",
        "Sensitivity indices of “{indicator}” in {year} (SALib).",
    ),
    # validity
    "validity_title": (
        "Validité : jusqu'où se fier aux réponses du modèle",
        "Validity: how far to trust the model's answers",
    ),
    "val_intro": (
        "Le rapport de validation enregistré du modèle : reproduit-il le passé sur lequel il est calibré, prédit-il "
        "les années qu'il n'a pas vues, ses effets de politique rejoignent-ils les estimations publiées, se "
        "comporte-t-il bien dans les conditions extrêmes, et de quelles hypothèses dépend sa réponse (Sterman 2000, "
        "ch. 21 ; Barlas 1996).",
        "The model's committed validation report: does it reproduce the past it was calibrated on, predict the years "
        "it did not see, do its policy effects agree with published estimates, does it behave under extreme "
        "conditions, and which assumptions does its answer depend on (Sterman 2000, ch. 21; Barlas 1996).",
    ),
    "val_none": (
        "Aucun rapport de validation n'est enregistré pour ce modèle. Pour le produire : {command}",
        "No validation report is committed for this model. To make one: {command}",
    ),
    "val_unreadable": (
        "Le rapport de validation est illisible : {detail}",
        "The validation report is unreadable: {detail}",
    ),
    "val_stale": (
        "Ce rapport ne correspond plus au modèle ({reasons}) : ses chiffres peuvent ne plus valoir. Régénérez-le : "
        "{command}",
        "This report no longer matches the model ({reasons}): its figures may no longer hold. Regenerate it: {command}",
    ),
    "val_stale_model_hash": ("le modèle a changé", "the model changed"),
    "val_stale_settings_hash": ("les réglages de validation ont changé", "the validation settings changed"),
    "val_stale_targets_hash": ("les cibles ont changé", "the targets changed"),
    "val_stale_calibration_hash": ("la calibration a changé", "the calibration changed"),
    "val_stale_unknown": ("le modèle n'est plus fourni", "the model is no longer bundled"),
    "val_calibration_stale": (
        "La calibration {name} était périmée quand le rapport a été produit.",
        "The calibration {name} was stale when the report was made.",
    ),
    "val_calibration_unusable": (
        "La calibration {name} ne s'applique pas au modèle actuel : le rapport utilise les valeurs par défaut du "
        "modèle, sans intervalle.",
        "The calibration {name} does not apply to the current model: the report uses the model's defaults, with no "
        "interval.",
    ),
    "val_made": (
        "Produit le {date} (modèle {hash}, calibration {name}) en {seconds} s.",
        "Made on {date} (model {hash}, calibration {name}) in {seconds} s.",
    ),
    "val_section": ("Volet", "Section"),
    "val_verdict": ("Verdict", "Verdict"),
    "val_rule": ("Règle", "Rule"),
    "val_section_behaviour": ("Reproduction du passé", "Behaviour reproduction"),
    "val_section_out_of_sample": ("Hors échantillon", "Out of sample"),
    "val_section_effects": ("Effets et données publiées", "Effects against evidence"),
    "val_section_extremes": ("Conditions extrêmes", "Extreme conditions"),
    "val_section_numerical": ("Numérique", "Numerical"),
    "val_section_depends": ("Ce dont dépend la réponse", "What the answer depends on"),
    "val_section_limits": ("Limites connues", "Known limits"),
    "val_verdict_pass": ("réussi", "pass"),
    "val_verdict_caution": ("prudence", "caution"),
    "val_verdict_fail": ("échec", "fail"),
    "val_verdict_none": ("non évalué", "none"),
    "val_verdict_info": ("information", "information"),
    "val_rule_series": (
        "réussi : RMSE ≤ σ quadratique moyen des données, ou MAPE < 10 % sans biais dominant (Um ≤ 0,5) ; échec : "
        "RMSE > 2 σ avec Um > 0,5 (biais systématique), ou RMSE > 3 σ ; prudence sinon",
        "pass: RMSE ≤ RMS σ of the data, or MAPE < 10% without a dominant bias (Um ≤ 0.5); fail: RMSE > 2 σ with "
        "Um > 0.5 (systematic bias), or RMSE > 3 σ; caution otherwise",
    ),
    "val_rule_effect": (
        "réussi : effet central du modèle dans la fourchette publiée ; prudence : intervalles qui se recouvrent ; "
        "échec : disjoints",
        "pass: the model's central effect inside the published range; caution: intervals overlap; fail: apart",
    ),
    "val_rule_extreme": (
        "réussi : chaque test tient (ses attendus, une simulation saine : valeurs finies, aucun stock négatif)",
        "pass: every check holds (its expectations and a sane run: finite values, no negative stock)",
    ),
    "val_rule_numeric": (
        "échec : un problème d'unités, un écart ≥ 5 % au pas divisé par deux, ou des moteurs écartés de plus de "
        "1e-6 ; prudence : écart ≥ 1 % ; réussi sinon",
        "fail: a unit issue, a dt-halving gap ≥ 5%, or engines apart by more than 1e-6; caution: a gap ≥ 1%; pass "
        "otherwise",
    ),
    "val_rule_depends": (
        "prudence : une constante marquée « hypothèse » est parmi les cinq plus influentes d'une sortie principale",
        "caution: a constant marked “assumption” is among the five most influential of a headline output",
    ),
    "val_rule_limits": ("extraites du README du modèle", "from the model's README"),
    "val_series": ("Série", "Series"),
    "val_sigma": ("σ quadratique moyen", "RMS σ"),
    "val_growth": ("croissance", "growth"),
    "val_band": (
        "Bande : 5–95 % sur {n} tirages dans les intervalles de calibration à 95 % ; points creux : hors ajustement.",
        "Band: 5–95% over {n} draws from the calibration's 95% intervals; hollow points: held out of the fit.",
    ),
    "val_no_backtest": (
        "Aucun test hors échantillon n'est enregistré pour ce modèle. Pour en produire un : ajoutez une "
        "spécification calibration/specs/{model}-until-ANNÉE.toml (extends = « {model}.toml », until = ANNÉE), puis "
        "python -m calibration refit-all --spec {model}-until-ANNÉE.",
        "No out-of-sample test is committed for this model. To make one: add a spec "
        "calibration/specs/{model}-until-YEAR.toml (extends = “{model}.toml”, until = YEAR), then "
        "python -m calibration refit-all --spec {model}-until-YEAR.",
    ),
    "val_backtest": (
        "Ajusté jusqu'en {until}, erreur sur les années suivantes ({name})",
        "Fitted up to {until}, error on the later years ({name})",
    ),
    "val_no_effects": (
        "Aucune estimation publiée d'un effet de politique dans les cibles de ce modèle.",
        "No published estimate of a policy effect in this model's targets.",
    ),
    "val_effect_no_interval": (
        "Sans calibration applicable, l'effet du modèle est donné sans intervalle.",
        "Without an applicable calibration, the model's effect has no interval.",
    ),
    "val_effect_label": ("contre {against}, {start}–{end}", "vs {against}, {start}–{end}"),
    "val_stat_max": ("maximum de", "maximum of"),
    "val_stat_min": ("minimum de", "minimum of"),
    "val_stat_last": ("valeur finale de", "final value of"),
    "val_stat_mean": ("moyenne de", "mean of"),
    "val_stat_absmax": ("maximum absolu de", "largest absolute value of"),
    "val_times_baseline": ("{factor} × la référence", "{factor} × the baseline"),
    "val_observed": ("observé", "observed"),
    "val_effect": ("Effet sur l'emploi (ETP)", "Effect on employment (FTE)"),
    "val_effect_fte": ("effet (ETP)", "effect (FTE)"),
    "val_published": ("publié (90 %)", "published (90%)"),
    "val_model": ("modèle", "model"),
    "val_model_band": ("modèle (5–95 %)", "model (5–95%)"),
    "val_jobs_split": ("nouveaux / formalisés / déplacés (ETP)", "new / formalised / moved (FTE)"),
    "val_source": ("Source", "Source"),
    "val_units": (
        "Unités (contrôle dimensionnel de Simlin) : {n} problème(s)",
        "Units (Simlin's dimensional check): {n} issue(s)",
    ),
    "val_halving": (
        "Pas de temps divisé par deux : écart maximal des indicateurs {gap} ({worst})",
        "Time step halved: largest indicator change {gap} ({worst})",
    ),
    "val_engines": (
        "PySD contre Simlin, scénario de référence, {n} variables : écart relatif maximal {gap}",
        "PySD against Simlin, baseline, {n} variables: largest relative gap {gap}",
    ),
    "val_span_model": ("toute la plage du .mdl", "the whole .mdl range"),
    "val_sobol_caption": (
        "Indices de Sobol (SALib) sur {d} constantes ({c} calibrées, sur leurs intervalles à 95 % ; les autres à "
        "± {span} de leur valeur par défaut, dans leur plage), N = {n} échantillons de base, {runs} simulations ; "
        "sorties en {year}. Le ± est la demi-largeur de l'intervalle bootstrap à 95 % : lire les rangs, pas les "
        "décimales.",
        "Sobol indices (SALib) over {d} constants ({c} calibrated, on their 95% intervals; the others at ± {span} "
        "of their default, inside their range), N = {n} base samples, {runs} runs; outputs in {year}. The ± is the "
        "95% bootstrap half-width: read ranks, not decimals.",
    ),
    "val_top": ("Les cinq constantes les plus influentes : {output}", "The five most influential constants: {output}"),
    "val_agenda": (
        "Programme de recherche : constantes marquées « hypothèse », par influence",
        "Research agenda: constants marked “assumption”, by influence",
    ),
    "val_parameter": ("Constante", "Constant"),
    "val_total_index": ("Indice total de Sobol (± IC 95 %)", "Sobol total index (± 95% CI)"),
    "val_output": ("Sortie", "Output"),
    "val_comment": ("Origine de la valeur (.mdl)", "Where the value comes from (.mdl)"),
    "val_mark_Assumption": ("hypothèse", "assumption"),
    "val_mark_Calibrated": ("calibrée", "calibrated"),
    "val_mark_Sourced": ("sourcée", "sourced"),
    "val_no_limits": (
        "La section « Limits » du README de ce modèle n'est pas encore écrite.",
        "The “Limits” section of this model's README is not written yet.",
    ),
    "val_limits_english": ("Texte du README du modèle (en anglais).", "Text of the model's README."),
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


STANDARD_LABELS: dict[str, tuple[str, str]] = {
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
}
"""Readers' names of the standard indicators (same in every sector model); a model's own variables are named in its
``model.toml`` (:mod:`models.declaration`), else by the .mdl's name."""
