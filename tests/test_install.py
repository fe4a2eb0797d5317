"""A non-editable install carries the shipped model and Punkt parameters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_install_wheel_scores_with_shipped_model(tmp_path, seed_sentences):
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("misinfo_signals-*.whl")
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    assert (target / "pipeline" / "shipped_models" / "default" / "model.joblib").is_file()
    # run from an empty folder, so only the installed copy can be imported
    code = (
        "import json, sys, pipeline\n"
        "from pipeline import load_scorer\n"
        "assert 'site' in pipeline.__file__, pipeline.__file__\n"
        "r = load_scorer().score_sentences([sys.argv[1]])[0]\n"
        "print(json.dumps(r.to_dict()))\n"
    )
    run = subprocess.run([sys.executable, "-c", code, seed_sentences[24]], cwd=tmp_path,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    record = json.loads(run.stdout)
    assert record["signals"]["anonymous_attribution"]["score"] >= 0.5
