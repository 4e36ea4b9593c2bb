"""A production install carries no benchmark or test code: the deployed packages import
neither django.test nor benchtools, and production settings do not install benchtools."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOYED = [
    name
    for name in ("cse_portal", "concerns", "referrals", "indicators", "network", "accounts")
    if (ROOT / name).is_dir()
]
FORBIDDEN = ("django.test", "benchtools")


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", DEPLOYED)
def test_deployed_packages_import_no_test_or_benchmark_code(package):
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "settings" not in path.parts or path.name not in ("bench.py", "test.py")
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def test_production_settings_do_not_install_the_benchmark_tools():
    text = (ROOT / "cse_portal" / "settings" / "production.py").read_text()
    base = (ROOT / "cse_portal" / "settings" / "base.py").read_text()
    assert "benchtools" not in text
    assert "benchtools" not in base
