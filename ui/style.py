"""The dashboard's few style rules, applied to every page: numbers and labels wrap (between words) rather than end in
"…" at 1024 and 1366 px wide, cards go two a row when three do not fit, rows of choices (the Explore tabs) wrap
rather than run off the side, and button labels (the workshop's presets) wrap rather than being cut. Containers are
named by ``st.container(key=...)`` in the pages."""

CSS = """<style>
[data-testid="stMetricValue"] { font-size: clamp(1.25rem, 1.8vw, 2rem); line-height: 1.2; }
[data-testid="stMetricValue"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricDelta"] .stMarkdownEllipsis, [data-testid="stMetricValue"] p,
[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: normal; word-break: normal;
}
.st-key-cards [data-testid="stHorizontalBlock"], .st-key-cards-answer [data-testid="stHorizontalBlock"] {
  flex-wrap: wrap; row-gap: 0.75rem;
}
.st-key-cards [data-testid="stColumn"] { flex: 1 1 165px !important; min-width: 165px; }
.st-key-cards-answer [data-testid="stColumn"] { flex: 1 1 150px !important; min-width: 150px; }
[data-testid="stButtonGroup"] [role="radiogroup"] { flex-wrap: wrap; row-gap: 0.25rem; }
[data-testid="stButtonGroup"] button { flex: 0 0 auto; }
[data-testid^="stBaseButton"] p, [data-testid^="stBaseButton"] .stMarkdownEllipsis {
  white-space: normal; overflow: visible; text-overflow: clip;
}
</style>"""
