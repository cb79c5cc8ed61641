"""The tool as users get it: a wheel or sdist installed (not editable) into a fresh virtual
environment outside the checkout, run from another folder, makes the same documents as the
checkout does, and a förbund's own folder of layouts (SLUTRAPPORT_TEMPLATES) works there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import INPUTS, ROOT, run_cli, text_lines


def sh(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env)
    assert proc.returncode == 0, f"{args}: {proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The wheel and sdist, built from a clean copy of the checkout (nothing of this run's)."""
    out = tmp_path_factory.mktemp("dist")
    sh(sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", out, ROOT)
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """Every example in every layout, built by the editable checkout."""
    out = tmp_path_factory.mktemp("reference")
    result = run_cli("build", INPUTS, "--forbund", "all", "-o", out)
    assert result.code == 0, result.err
    return out


def _install(artifact: Path, where: Path) -> Path:
    """A fresh virtual environment with ``artifact`` installed as a user would; its bin folder."""
    venv.create(where, with_pip=True)
    bin_dir = where / ("Scripts" if os.name == "nt" else "bin")
    sh(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", artifact)
    return bin_dir


def test_the_wheel_carries_every_layout_and_the_licence(dist):
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for layout in (ROOT / "templates").glob("*/layout.yaml"):
        assert f"engine/templates/{layout.parent.name}/layout.yaml" in names
        assert f"engine/templates/{layout.parent.name}/form.docx" in names
    assert "engine/data/given_names.txt" in names  # engine.privacy reads it on every check and build
    for example in INPUTS.iterdir():  # for template check, which renders them into a förbund's own form
        assert f"engine/examples/{example.name}" in names
    for shipped in [*(ROOT / "engine/serve/pages").iterdir(), *(ROOT / "engine/serve/static").iterdir()]:
        assert f"engine/serve/{shipped.parent.name}/{shipped.name}" in names  # serve loads nothing from elsewhere
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: EUPL-1.2" in metadata
    assert "Requires-Python: >=3.11" in metadata
    assert "python-docx<1.3,>=1.1" in metadata.replace(" ", "") or "python-docx>=1.1,<1.3" in metadata


@pytest.mark.parametrize("kind", ["whl", "tar.gz"])
def test_installed_package_builds_every_example_identically(dist, reference, tmp_path, kind):
    (artifact,) = dist.glob(f"*.{kind}")
    bin_dir = _install(artifact, tmp_path / "venv")
    work = tmp_path / "elsewhere"
    shutil.copytree(INPUTS, work / "inputs")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SLUTRAPPORT_TEMPLATES")}

    version = sh(bin_dir / "slutrapport", "--version", cwd=work, env=env)
    assert version.stdout.startswith("slutrapport ")
    sh(bin_dir / "slutrapport", "build", "inputs", "--forbund", "all", "-o", "out", cwd=work, env=env)
    sh(bin_dir / "python", "-m", "engine", "check", "inputs/resan-soderhamn.yaml", cwd=work, env=env)

    built = sorted(p.name for p in (work / "out").glob("*.docx"))
    assert built == sorted(p.name for p in reference.glob("*.docx")) and len(built) >= 3 * 6
    for name in built:
        assert (work / "out" / name).read_bytes() == (reference / name).read_bytes(), name

    # A förbund's own folder of layouts, here a copy of the shipped ones with one edit.
    own = tmp_path / "förbundets-mallar"
    shutil.copytree(ROOT / "templates", own)
    data = own / "gavleborg" / "layout.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("kontakt@finsamgavleborg.se", "ny@example.se"),
                    encoding="utf-8")
    env["SLUTRAPPORT_TEMPLATES"] = str(own)
    assert sh(bin_dir / "slutrapport", "--version", cwd=work, env=env).stdout == version.stdout
    sh(bin_dir / "slutrapport", "check", "inputs/resan-soderhamn.yaml", cwd=work, env=env)
    sh(bin_dir / "slutrapport", "build", "inputs/resan-soderhamn.yaml", "-o", "own", cwd=work, env=env)
    assert "ny@example.se" in "\n".join(text_lines(work / "own" / "resan-soderhamn.gavleborg.docx"))
    assert "ny@example.se" not in "\n".join(text_lines(reference / "resan-soderhamn.gavleborg.docx"))
    lint = sh(bin_dir / "slutrapport", "template", "check", own / "gavleborg", "-o", "checked", cwd=work, env=env)
    assert f"{own / 'gavleborg'}: 0 errors, 0 warnings; {len(list(INPUTS.iterdir()))} examples rendered" in lint.stderr
    doctor = subprocess.run([bin_dir / "slutrapport", "doctor"], capture_output=True, text=True, cwd=work, env=env)
    assert f"SLUTRAPPORT_TEMPLATES = {own}" in doctor.stdout
    assert f"--forbund gavleborg: Samordningsförbund Gävleborg, Slutrapport – Insats för samverkansmedel, 2023 " \
           f"({own / 'gavleborg'})" in doctor.stdout
