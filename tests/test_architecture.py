"""The apps import in one direction only (the layers of ``[tool.importlinter]`` in
pyproject.toml): a domain app never imports the API, the commands or the benchmark."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def test_apps_import_downwards_only():
    # when
    run = subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    # then
    assert run.returncode == 0, run.stdout[-3000:]
    assert "Contracts: 1 kept, 0 broken." in run.stdout
