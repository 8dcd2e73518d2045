"""pyproject.toml, environment.yml and binder/ name the same packages; CI calls make test."""

import re
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PIP = {"pytorch-cpu": "torch", "jupyterlab_widgets": "jupyterlab-widgets"}


def names(requirements) -> set[str]:
    return {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def conda_names(path: Path) -> set[str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    found = names(d for d in deps if isinstance(d, str)) - {"python", "pip"}
    return {CONDA_TO_PIP.get(n, n) for n in found}


def test_environment_files_match_pyproject():
    project = pyproject()["project"]
    expected = names(project["dependencies"]) | names(project["optional-dependencies"]["lab"])
    assert conda_names(ROOT / "environment.yml") == expected
    assert conda_names(ROOT / "binder" / "environment.yml") == expected


def test_conda_and_binder_use_cpu_torch_and_python_311():
    for path in (ROOT / "environment.yml", ROOT / "binder" / "environment.yml"):
        deps = yaml.safe_load(path.read_text())["dependencies"]
        assert "python=3.11" in deps and any(str(d).startswith("pytorch-cpu") for d in deps)


def test_pyproject_uses_lower_bounds_not_exact_pins():
    project = pyproject()["project"]
    every = project["dependencies"] + [r for extra in project["optional-dependencies"].values()
                                       for r in extra]
    assert not [r for r in every if "==" in r], "pin exact versions only in the Makefile"
    assert project["requires-python"] == ">=3.10"


def test_makefile_pins_cpu_torch_before_the_package():
    makefile = (ROOT / "Makefile").read_text()
    assert "TORCH  := torch==2.13.0" in makefile
    assert makefile.index("$(TORCH)") < makefile.index('-e ".[lab,test]"')


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
