"""File uploaders that speak the dashboard's language and state one limit: the app's own (a scenario's, a targets
file's), under the box. Streamlit's own texts ("Upload", "1MB per file") are replaced by :func:`css`; its server
limit (``server.maxUploadSize`` in ``.streamlit/config.toml``, 1 MB) is above every app limit, so a file it refuses
is also over the limit stated."""

from __future__ import annotations

import json

import streamlit as st

from ui import fmt
from ui.i18n import t

UPLOADER = '[data-testid="stFileUploader"]'


def css(lang: str) -> str:
    """Style rules hiding Streamlit's English instructions and a file's size (written "0.6KB", English style), and
    naming the button and a refused file in ``lang``."""
    browse, refused = json.dumps(t("upload_browse", lang)), json.dumps(" — " + t("upload_refused", lang))
    return f"""<style>
{UPLOADER} [data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
{UPLOADER} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{
  visibility: hidden; font-size: 0; }}
{UPLOADER} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after {{
  content: {browse}; visibility: visible; font-size: 0.875rem; }}
{UPLOADER} [data-testid="stFileChipName"] + div {{ display: none; }}
{UPLOADER} [data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"]::after {{
  content: {refused}; color: #b3261e; }}
</style>"""


def uploader(label: str, kind: str, key: str, limit: int, lang: str):
    """``st.file_uploader`` for files of type ``kind`` (``toml``, ``csv``) of at most ``limit`` bytes, the limit
    said once below it. The file, or None."""
    file = st.file_uploader(label, type=[kind], key=key)
    st.caption(t("upload_limit", lang, kind=kind.upper(), limit=fmt.size(limit, lang)))
    return file
