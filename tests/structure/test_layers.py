"""The package's imports point down the layers of docs/architecture.md, and never in a
circle.

The import graph is read from the source with ``ast``. Every import counts: module level,
inside functions, and under ``if TYPE_CHECKING``. An edge goes to the module imported
(``from petsard.a import b`` goes to ``petsard.a.b`` when ``b`` is a submodule, else to
``petsard.a``); the parent packages Python also initialises on the way are not edges.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "petsard"


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """{dotted module name: file} for every .py file of the package."""
    found = {}
    for file in sorted(root.rglob("*.py")):
        parts = list(file.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = file
    return found


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(name: str, file: Path, modules: dict[str, Path]) -> set[str]:
    """The petsard modules ``name`` imports anywhere in its file."""
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    is_package = file.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in modules else base)
    found = set()
    for target in targets:
        while target and target not in modules:  # 'import petsard.a.b' names a module
            target = target.rpartition(".")[0]
        if target.startswith("petsard") and target != name:
            found.add(target)
    return found


@cache
def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(name, file, modules) for name, file in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found



# Top-level packages and modules of petsard, bottom layer first (docs/architecture.md groups
# them). A module may import its own package and anything in a lower layer; modules of one
# layer do not import each other, except module packages (a Splitter reads files with the
# Loader's method).
LAYERS: list[set[str]] = [
    {"exceptions", "version", "interrupts"},
    {"executor_settings", "registry", "output_files", "parquet", "yaml_source"},
    {"logs", "parameters", "custom_code"},
    {"experiment", "datasets"},
    {"method", "plan"},
    {"schema"},
    {"status"},
    {"engine", "html_report", "run_folders"},
    {"loader", "splitter", "processor", "synthesizer", "constrainer", "evaluator",
     "describer", "reporter", "api"},
    {"catalogue"},
    {"config"},
    {"progress"},
    {"executor"},
    {"cli", "metadater"},
    {"__main__", "petsard"},
]
MODULE_PACKAGES = LAYERS[8]


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "petsard"


def _layer(top: str) -> int:
    return next(number for number, layer in enumerate(LAYERS) if top in layer)


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(import_graph()) == []


def test_every_part_of_the_package_has_a_layer() -> None:
    tops = {_top(name) for name in module_files()}
    assert tops == set().union(*LAYERS), "add new packages to LAYERS and the architecture doc"


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for module, targets in import_graph().items():
        source = _top(module)
        for target in targets:
            other = _top(target)
            if other == source or _layer(other) < _layer(source):
                continue
            if source in MODULE_PACKAGES and other in MODULE_PACKAGES:
                continue
            wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_module_packages_read_the_record_only_through_its_queries() -> None:
    wrong = [f"{module} -> {target}" for module, targets in import_graph().items()
             if _top(module) in MODULE_PACKAGES for target in targets
             if _top(target) == "status" and target != "petsard.status.queries"]
    assert wrong == []


def test_the_engine_never_imports_a_module_package_or_the_catalogue() -> None:
    wrong = [f"{module} -> {target}" for module, targets in import_graph().items()
             if _top(module) == "engine" for target in targets
             if _top(target) in MODULE_PACKAGES | {"catalogue", "config"}]
    assert wrong == []


def test_the_reader_finds_function_level_imports(tmp_path) -> None:
    # Setup: a tiny package whose modules import each other only inside a function.
    package = tmp_path / "petsard"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from petsard import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from petsard.a import f\n")
    # Run
    modules = module_files(package)
    graph = {name: imports_of(name, file, modules) for name, file in modules.items()}
    # Assert
    assert cycles(graph) == [["petsard.a", "petsard.b"]]
    assert PACKAGE.name == "petsard"


def test_the_architecture_doc_lists_the_same_layers() -> None:
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    rows = re.findall(r"^\| *(\d+) *\| ([^|]+)\|", doc, flags=re.MULTILINE)
    documented = [{name.strip("`/ ").removeprefix("petsard/").removesuffix(".py")
                   for name in parts.split(",")} for _, parts in rows]
    documented = [{"petsard" if name == "__init__" else name for name in layer}
                  for layer in documented]
    assert documented == LAYERS
