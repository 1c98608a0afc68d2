"""The sidebar's copy-link button: the page's address, which holds every setting (:mod:`ui.state`), to the clipboard
with a visible confirmation. Where the browser refuses (a page served over plain http away from localhost, a denied
permission), the address is shown selected, to copy by hand. The address is read in the browser when the button is
pressed, so it is the one the last run wrote."""

from __future__ import annotations

import html
import json

import streamlit as st

from ui.i18n import t

_PAGE = """<style>
body { margin: 0; font-family: "Source Sans Pro", "Source Sans 3", system-ui, sans-serif; color: #31333f; }
button { width: 100%; min-height: 2.4rem; padding: 0.25rem 0.75rem; font: inherit; font-size: 0.875rem;
  color: inherit; background: #fff; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; cursor: pointer; }
button:hover { border-color: #1b6ca8; color: #1b6ca8; }
#said { font-size: 0.8rem; min-height: 1.1rem; margin-top: 0.2rem; color: #1d7a3a; }
#said.manual { color: #31333f; }
input { width: 100%; box-sizing: border-box; font-size: 0.75rem; }
</style>
<button id="copy" type="button" data-testid="copy-link">__ICON____LABEL__</button>
<div id="said" role="status" aria-live="polite"></div>
<script>
const words = __WORDS__;
const said = document.getElementById("said");
function address() { try { return window.parent.location.href; } catch (e) { return document.referrer; } }
function byHand(url) {
  said.className = "manual";
  said.textContent = words.manual;
  const box = document.createElement("input");
  box.readOnly = true; box.value = url; said.appendChild(box); box.select();
}
function oldWay(url) {
  const box = document.createElement("textarea");
  box.value = url; document.body.appendChild(box); box.select();
  let done = false;
  try { done = document.execCommand("copy"); } catch (e) { done = false; }
  box.remove();
  return done;
}
document.getElementById("copy").addEventListener("click", async () => {
  const url = address();
  said.className = ""; said.textContent = "";
  try {
    await navigator.clipboard.writeText(url);
  } catch (e) {
    if (!oldWay(url)) { byHand(url); return; }
  }
  said.textContent = "✓ " + words.done;
  setTimeout(() => { if (said.textContent.startsWith("✓")) said.textContent = ""; }, 4000);
});
</script>"""

_ICON = (  # Material "link"
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="currentColor" style="vertic'
    'al-align:-3px;margin-right:6px"><path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.'
    "24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.3"
    '9 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z"/></svg>'
)


def render(lang: str) -> None:
    """The button, in ``lang``."""
    words = {"done": t("copy_link_done", lang), "manual": t("copy_link_manual", lang)}
    page = _PAGE.replace("__ICON__", _ICON).replace("__LABEL__", html.escape(t("copy_link_button", lang)))
    page = page.replace("__WORDS__", json.dumps(words).replace("</", "<\\/"))
    st.iframe(page, height="content")  # our own text only: st.iframe runs what it is given
