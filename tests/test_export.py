"""``python -m models export``: XMILE for Stella/iThink (with the views) and the Vensim .mdl, round trip through
Simlin to 1e-9, and every bad ``--out`` refused in one line, exit 2, nothing written."""

from __future__ import annotations

import numpy as np
import pytest

from models import structure
from models.cli import main
from models.diagram import diagram
from models.registry import MODELS_DIR, get_model, model_names

MODELS = list(model_names())


@pytest.mark.parametrize("model", MODELS)
def test_xmile_round_trips_through_simlin(model, tmp_path, capsys):
    out = tmp_path / f"{model}.xmile"
    assert main(["export", model, "--format", "xmile", "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    exported, original = structure.run_file(out), structure.run_file(get_model(model).mdl)
    assert sorted(exported.columns) == sorted(original.columns)
    exported = exported[original.columns]
    assert np.array_equal(exported.index.to_numpy(), original.index.to_numpy())
    scale = np.maximum(original.abs().max().to_numpy(), 1e-12)
    worst = (np.abs(exported.to_numpy() - original.to_numpy()) / scale).max()
    assert worst <= 1e-9, f"largest relative difference {worst:.2e}"
    (view,) = structure.file_views(out)  # the views come along (Stella opens them as sectors)
    groups = [e["name"] for e in view["elements"] if e["type"] == "group"]
    assert groups == [v.name for v in diagram(model).views]


@pytest.mark.parametrize("model", MODELS)
def test_mdl_export_is_the_bundled_file_with_its_views(model, tmp_path):
    (tmp_path / "copy").mkdir()  # the folder must exist: --out never creates one
    out = tmp_path / "copy" / f"{model}.mdl"
    assert main(["export", model, "--format", "mdl", "--out", str(out)]) == 0
    assert out.read_bytes() == get_model(model).mdl.read_bytes()
    assert [g["name"] for g in structure.file_views(out)[0]["elements"] if g["type"] == "group"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cae", "--format", "xmile", "--out", "{tmp}/cae.txt"], "must end in .xmile or .stmx or .xml"),
        (["cae", "--format", "mdl", "--out", "{tmp}/cae.xmile"], "must end in .mdl"),
        (["cae", "--format", "mdl", "--out", "{tmp}/dir.mdl"], "is a directory"),
        (["cae", "--format", "mdl", "--out", str(MODELS_DIR / "cae" / "cae.mdl")], "refusing to write inside models/"),
        (["cae", "--format", "xmile", "--out", str(MODELS_DIR / "x.xmile")], "refusing to write inside models/"),
        (["nope", "--format", "xmile", "--out", "{tmp}/nope.xmile"], "unknown model 'nope'"),
        (["cae", "--format", "xmile", "--out", ""], "--out must be a file path"),
    ],
)
def test_bad_out_is_one_line_exit_2_and_nothing_written(args, message, tmp_path, capsys):
    (tmp_path / "dir.mdl").mkdir()
    before = {p: p.stat().st_mtime_ns for p in MODELS_DIR.rglob("*") if p.is_file()}
    argv = ["export", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.mdl"]
    after = {p: p.stat().st_mtime_ns for p in MODELS_DIR.rglob("*") if p.is_file()}
    assert {p: t for p, t in after.items() if ".cache" not in p.parts} == {
        p: t for p, t in before.items() if ".cache" not in p.parts
    }


def test_format_is_required_and_checked(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "cae", "--format", "pdf", "--out", "x.pdf"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
