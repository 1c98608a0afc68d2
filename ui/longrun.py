"""Work the user waits for (a calibration, an ensemble, a sensitivity analysis): a progress bar that says how much is
done and how long is left, a Cancel button that really stops the work, and what the page says after a stopped job.

How a cancel works. A click reruns the script. With ``runner.fastReruns`` (Streamlit's default) the new run starts
at once, and the old one stops at its next Streamlit call. The button's callback, which the new run calls before
anything else, also sets the job's token; the job's progress callbacks, called by the layers below between model
runs (calibration) or chunks of members (ensembles), check it and raise :class:`Cancelled`, which those layers
propagate. So the work stops within one model run or one chunk, not at the end of the job, and the cores are free.
The new run finds the job's marker in the session and says the job was stopped, and whether the user cancelled it
or another action (a widget, another page) interrupted it: either way nothing was kept.

Results of finished jobs are kept in :class:`Memo` (bounded, shared between sessions, keyed by the work's content),
not in ``st.cache_data``: a cached function replays the Streamlit calls made inside it, and a progress bar drawn
from inside one would be replayed on every later hit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

import streamlit as st

from ui import fmt
from ui.i18n import t

MARKER = "_job_running"
MIN_FRACTION = 0.02  # no estimate of time left before this share of the work is done...
MIN_ELAPSED = 1.0  # ...or this many seconds [s]: the first ticks say little about the rest
REDRAW = 0.2  # [s] between two redraws of the bar (a tick can come every millisecond)


class Cancelled(Exception):
    """The user cancelled the job (raised by a progress callback, propagated by the layers below)."""


def time_left(elapsed: float, fraction: float) -> float | None:
    """Seconds left at the pace so far, or None while there is too little to go on."""
    if not 0.0 <= fraction <= 1.0 or fraction < MIN_FRACTION or elapsed < MIN_ELAPSED:
        return None
    return elapsed * (1.0 - fraction) / fraction


def status_text(label: str, fraction: float, elapsed: float, lang: str, done: str = "") -> str:
    """The bar's text: ``label · 42 % · 120 / 400 members · time left ≈ 40 s``."""
    left = time_left(elapsed, fraction)
    when = t("time_left", lang, time=fmt.duration(left, lang)) if left is not None else t("time_left_unknown", lang)
    parts = [label, fmt.percent(fraction, lang, 0), done, when if fraction < 1.0 else ""]
    return " · ".join(p for p in parts if p)


class Job:
    """A running job's bar and Cancel button, drawn where it is created; call :meth:`fraction` / :meth:`count` from
    the work's progress callbacks, :meth:`finish` when it ends (the bar and the button go away)."""

    def __init__(
        self, name: str, label: str, lang: str, key: Hashable = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name, self.label, self.lang, self.clock = name, label, lang, clock
        self.token = threading.Event()
        st.session_state[MARKER] = {"name": name, "key": key, "token": self.token}
        self.slot = st.empty()
        with self.slot.container():
            bar_col, button_col = st.columns([3, 1], vertical_alignment="center")  # "Annuler" unbroken at 1024 px
            self.bar = bar_col.progress(0.0, text=status_text(label, 0.0, 0.0, lang))
            button_col.button(
                t("cancel", lang), key=f"w.cancel.{name}", on_click=self.token.set, icon=":material/stop:"
            )
        self.started = clock()
        self.done = 0.0
        self.detail = ""
        self.drawn = -REDRAW

    def check(self) -> None:
        """Raise :class:`Cancelled` once the user has pressed Cancel."""
        if self.token.is_set():
            raise Cancelled(self.name)

    def fraction(self, done: float, detail: str = "") -> None:
        """The share of the work done (0..1) and what it counts (``318 simulations``)."""
        self.check()
        self.done = min(max(float(done), self.done), 1.0)
        self.detail = detail or self.detail
        self._draw()

    def count(self, done: int, total: int, what: str) -> None:
        """``done`` of ``total`` items (``what``: their name in the page's language, plural)."""
        number = fmt.number(float(done), self.lang, 0) + " / " + fmt.number(float(total), self.lang, 0)
        self.fraction(done / total if total else 1.0, f"{number} {what}")

    def _draw(self) -> None:
        now = self.clock()
        if now - self.drawn < REDRAW and self.done < 1.0:
            return
        self.drawn = now
        text = status_text(self.label, self.done, now - self.started, self.lang, self.detail)
        self.bar.progress(self.done, text=text)

    def finish(self) -> None:
        """The job ended (done or failed): its marker, bar and button go."""
        if st.session_state.get(MARKER, {}).get("token") is self.token:
            del st.session_state[MARKER]
        self.slot.empty()


def stopped(name: str) -> tuple[str, Hashable] | None:
    """``(how, key)`` when an earlier run left job ``name`` (of ``key``) unfinished, else None; said once. ``how``:
    ``"cancelled"`` (the user pressed Cancel) or ``"interrupted"`` (another action reran the page)."""
    marker = st.session_state.get(MARKER)
    if not marker or marker.get("name") != name:
        return None
    del st.session_state[MARKER]
    return ("cancelled" if marker["token"].is_set() else "interrupted"), marker.get("key")


def run(memo: Memo, name: str, key: Hashable, label: str, lang: str, work: Callable[[Job], object]) -> object | None:
    """``work(job)``'s result: from ``memo``, else computed under a :class:`Job`'s bar and Cancel button, and kept.
    None when the user cancelled (the rerun the click started says so, through :func:`stopped`)."""
    value = memo.get(key)
    if value is not None:
        return value
    job = Job(name, label, lang, key)
    try:
        value = work(job)
        job.check()
    except Cancelled:
        return None
    except Exception:
        job.finish()  # an error is said by the caller or the page's guard, not as an interruption
        raise
    job.finish()
    memo.put(key, value)
    return value


class Memo:
    """Results of finished jobs by key (the work's content, e.g. RunSpec digests): at most ``size`` entries, each
    kept ``ttl`` seconds; shared by the sessions (results are read-only data), safe between threads."""

    def __init__(self, size: int, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.size, self.ttl, self.clock = size, ttl, clock
        self.lock = threading.Lock()
        self.items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()

    def get(self, key: Hashable) -> object | None:
        with self.lock:
            item = self.items.get(key)
            if item is None or self.clock() - item[0] > self.ttl:
                self.items.pop(key, None)
                return None
            self.items.move_to_end(key)
            return item[1]

    def put(self, key: Hashable, value: object) -> None:
        with self.lock:
            self.items[key] = (self.clock(), value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
