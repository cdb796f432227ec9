"""The README's Python snippets run on their own, pasted into a fresh
interpreter in an empty folder (only purenn importable)."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as _f:
    SNIPPETS = re.findall(r"```python\n(.*?)```", _f.read(), re.S)


def test_the_readme_has_snippets():
    assert len(SNIPPETS) >= 3


@pytest.mark.parametrize("k", range(len(SNIPPETS)))
def test_each_readme_snippet_runs_alone(k, tmp_path):
    r = subprocess.run([sys.executable, "-c", SNIPPETS[k]], cwd=str(tmp_path),
                       env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
