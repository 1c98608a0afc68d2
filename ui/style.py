"""The dashboard's few style rules, applied to every page: numbers and labels wrap rather than end in "…" at 1024
and 1366 px wide, rows of choices (the Explore tabs) wrap rather than run off the side, and button labels (the
workshop's presets) wrap rather than being cut."""

CSS = """<style>
[data-testid="stMetricValue"] { font-size: clamp(1.3rem, 1.9vw, 2rem); line-height: 1.2; }
[data-testid="stMetricValue"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricDelta"] .stMarkdownEllipsis, [data-testid="stMetricValue"] p,
[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
}
[data-testid="stButtonGroup"] [role="radiogroup"] { flex-wrap: wrap; row-gap: 0.25rem; }
[data-testid="stButtonGroup"] button { flex: 0 0 auto; }
[data-testid^="stBaseButton"] p, [data-testid^="stBaseButton"] .stMarkdownEllipsis {
  white-space: normal; overflow: visible; text-overflow: clip;
}
</style>"""
