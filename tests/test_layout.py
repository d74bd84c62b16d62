"""The package's folders are the pipeline's stages, in order: a stage imports
only from the stages before it (and from itself), modules import each other
without cycles, and no module or function grows past what one reading holds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "infoview"

# Stage of each folder (and of the modules at the top, by name); a module may
# import from its own stage and from lower ones. ask/ and site/ answer
# questions about a loaded journal; edit/ changes its files; neither needs
# the other.
STAGES = {
    "workers": 0,  # worker processes: any stage may use them
    "resources": 0,
    "cache": 0,
    "journal": 1,  # the journal's files and what they say
    "index": 2,  # the SQLite index of them
    "load": 3,  # a whole journal, checked, from the index
    "ask": 4,  # questions: query, follow-ups, show, stats
    "site": 4,
    "edit": 4,  # new records, changes to records
    "exchange": 4,  # other tools' files in, the journal out (it writes with edit/, exports as site/ would)
    "watch": 5,
    "cli": 6,
    "__main__": 7,
    "__init__": 0,
}
APART = {frozenset({"ask", "edit"}), frozenset({"site", "edit"})}  # same stage, never each other's
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every infoview module `name` imports, wherever the import stands."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    known = modules()
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from . import ask` imports the module ask, not its package's __init__
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("infoview") and target != name and target != "infoview":
                found.add(target)
    return found


def stage_of(module: str) -> tuple[str, int]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return top, STAGES[top]


def test_every_folder_and_top_module_has_a_stage():
    assert {stage_of(name)[0] for name in modules()} <= STAGES.keys()


def test_a_stage_never_imports_a_later_one():
    wrong = []
    for name, path in modules().items():
        top, stage = stage_of(name)
        for target in imports(name, path):
            other, other_stage = stage_of(target)
            if other_stage > stage or (other != top and frozenset({top, other}) in APART):
                wrong.append(f"{name} (stage {stage}) imports {target} (stage {other_stage})")
    assert wrong == []


def test_no_import_cycles():
    graph = {name: imports(name, path) for name, path in modules().items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    # a package's __init__ that re-exports a module it holds is no cycle of design
    assert cycles == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_functions_stay_small(name):
    path = modules()[name]
    text = path.read_text()
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{name} has {len(text.splitlines())} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


MUTATORS = {"append", "extend", "insert", "add", "update", "clear", "pop", "popitem", "remove", "discard",
            "setdefault", "__setitem__"}  # fmt: skip
# The one piece of module state, documented where it stands: what forked
# render workers inherit (site/templating.py).
STATE_ALLOWED = {("infoview.workers", "_WORK")}


def test_no_module_level_mutable_state():
    """No function rebinds (global) or mutates a name of its module: what a
    process keeps between builds lives in objects passed to it (cache.py)."""
    found = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text())
        module_names = {t.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                        if isinstance(t, ast.Name)}  # fmt: skip
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                touched = None
                if isinstance(node, ast.Global):
                    touched = node.names
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name)):  # fmt: skip
                    touched = [node.func.value.id]
                elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                    targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
                    touched = [t.value.id for t in targets
                               if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)]  # fmt: skip
                for var in touched or ():
                    mine = var in module_names and (isinstance(node, ast.Global) or not _local(func, var))
                    if mine and (name, var) not in STATE_ALLOWED:
                        found.append(f"{name}.{func.name} changes the module's {var}")
    assert found == []


def _local(func: ast.FunctionDef | ast.AsyncFunctionDef, var: str) -> bool:
    """Whether var is the function's own: an argument, or a name it assigns."""
    arguments = {a.arg for a in ast.walk(func.args) if isinstance(a, ast.arg)}
    stored = any(
        isinstance(n, ast.Name) and n.id == var and isinstance(n.ctx, ast.Store) for n in ast.walk(func)
    )
    return var in arguments or stored
