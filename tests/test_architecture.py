"""The folder list is the architecture: apps import each other one way only.
(tests/test_deployed_packages.py checks that nothing deployed imports test or bench code.)"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/apps.py")
    if path.parent.name not in {"tests", "scripts"}
)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at module level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def _app_files(app: str):
    return (p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def _app_graph() -> dict[str, set[str]]:
    graph = {}
    for app in APPS:
        targets = {name.split(".")[0] for path in _app_files(app) for name in _imports(path)}
        graph[app] = {target for target in targets if target in APPS and target != app}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*trail, node, target]
            if target not in state:
                found = visit(target, [*trail, node])
                if found:
                    return found
        state[node] = "done"
        return None

    for app in APPS:
        if app not in state:
            found = visit(app, [])
            if found:
                return found
    return None


# Imports that still run against the layering (common < audit < accounts < indicators <
# referrals < concerns < network < intake < cse_portal), each to be removed, never added to.
KNOWN_BACK_EDGES: dict[tuple[str, str], str] = {}


def test_apps_import_each_other_one_way_only():
    graph = _app_graph()
    for source, target in KNOWN_BACK_EDGES:
        graph[source].discard(target)
    cycle = _cycle(graph)
    assert cycle is None, "import cycle between apps: " + " -> ".join(cycle or [])


def test_known_back_edges_are_only_ever_removed():
    graph = _app_graph()
    gone = [edge for edge in KNOWN_BACK_EDGES if edge[1] not in graph[edge[0]]]
    assert gone == [], f"remove {gone} from KNOWN_BACK_EDGES: the import is gone"


def test_the_foundations_import_no_domain_app():
    graph = _app_graph()
    foundations = {"common", "audit", "accounts", "indicators"}
    leaks = {app: graph[app] - foundations for app in foundations if graph[app] - foundations}
    assert leaks == {}


def test_nothing_imports_the_project_package():
    graph = _app_graph()
    assert [app for app in APPS if "cse_portal" in graph[app]] == []
