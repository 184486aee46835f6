"""The domain is plain Python: importing it loads no web framework, socket library or database layer."""
import ast
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "facilitation" / "domain"
FORBIDDEN = {"flask", "flask_socketio", "socketio", "engineio", "sqlalchemy", "psycopg", "eventlet", "gevent"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_domain_module_imports_a_framework_or_the_database():
    offenders = {p.name: imported_roots(p) & FORBIDDEN for p in DOMAIN.glob("*.py")}
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_importing_the_whole_domain_loads_no_framework():
    modules = ", ".join(f"facilitation.domain.{p.stem}" for p in DOMAIN.glob("*.py") if p.stem != "__init__")
    probe = (f"import sys, {modules}\n"
             f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(FORBIDDEN)!r})\n"
             "print(','.join(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=DOMAIN.parents[1])
    assert result.returncode == 0, f"domain import pulled in: {result.stdout or result.stderr}"
