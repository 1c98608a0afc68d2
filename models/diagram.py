"""A model's diagram: its layout file laid over its equations (:mod:`models.layout`, :mod:`models.plan`,
:mod:`models.geometry`). The .mdl's sketch, the dashboard's Model page and ``docs/diagrams/`` all draw this one
object, so what Vensim, Simlin and the dashboard show is the same diagram.
"""

from __future__ import annotations

from functools import lru_cache

from models import validate
from models.geometry import Diagram, lay_out
from models.layout import layout_path, model_graph, read_layout
from models.plan import plan
from models.registry import get_model


def diagram(model: str) -> Diagram:
    """The views of ``model``, recomputed when its equations or its layout file change."""
    path = layout_path(model)
    return _diagram(model, get_model(model).mdl_hash(), validate.stamp(path))


@lru_cache(maxsize=8)
def _diagram(model: str, mdl_hash: str, layout_stamp: tuple | None) -> Diagram:
    graph = model_graph(model)
    return lay_out(model, plan(read_layout(layout_path(model), graph), graph), graph)
