"""Haven's layers (docs/architecture.md): each package imports only the ones
below it, the pure ones never import Ursina or Panda3D, nothing in engine/
imports the development tools, and no module imports itself round a loop."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"

ALLOWED: dict[str, set[str]] = {
    "config": {"config"},
    "core": {"config", "core"},
    "records": {"config", "core", "records"},
    "audio": {"config", "core", "audio"},
    "voice": {"config", "core", "audio", "voice"},
    "world": {"config", "core", "world"},
    "live": {"config", "core", "audio", "voice", "live"},
    "vr": {"config", "core", "world", "live", "vr"},
    "ui": {"config", "core", "records", "audio", "voice", "world", "live", "vr", "ui"},
    "app": {"config", "core", "records", "audio", "voice", "world", "live", "vr", "ui", "app"},
}
"""What each package of engine/ may import from engine/ (the root holds only paths)."""
PURE = {"config", "core", "records", "audio", "voice"}
ENGINES = ("ursina", "panda3d", "direct")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            out += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return out


def engine_files() -> list[Path]:
    return sorted(ENGINE.rglob("*.py"))


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "engine" else None


def violations(files: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in files:
        own = layer_of(module_name(path, root) + ".x")
        for line, name in imports(path, root):
            top = name.split(".")[0]
            where = f"{path.relative_to(root)}:{line}"
            if top == "tools":
                found.append(f"{where}: imports {name} (engine/ never imports the development tools)")
            if own is None:
                continue
            if top in ENGINES and own in PURE:
                found.append(f"{where}: imports {name} (engine/{own} is pure: no Ursina or Panda3D)")
            target = layer_of(name)
            if top == "engine" and target and target in ALLOWED and target not in ALLOWED[own]:
                found.append(f"{where}: imports {name} (engine/{own} may import {', '.join(sorted(ALLOWED[own]))})")
    return found


def modules_graph() -> dict[str, set[str]]:
    names = {module_name(p): p for p in engine_files()}

    def resolve(name: str) -> str | None:
        while name and name not in names:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in names.items():
        deps = {resolve(n) for _, n in imports(path) if n.startswith("engine")}
        graph[name] = {d for d in deps if d and d != name and d != "engine" and not name.startswith(d + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_package_of_engine_has_a_layer() -> None:
    packages = {p.name for p in ENGINE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == set(ALLOWED)
    assert {p.name for p in ENGINE.glob("*.py")} == {"__init__.py"}, "engine/ holds packages, not loose modules"


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert violations(engine_files()) == []


def test_no_import_loop_in_engine() -> None:
    assert cycles(modules_graph()) == []


@pytest.mark.parametrize("source, expected", [
    ("from engine.world.sky import build_sky\n", "engine/core may import config, core"),
    ("import ursina\n", "engine/core is pure"),
    ("from tools.quality import flash\n", "never imports the development tools"),
])
def test_the_rule_test_fails_on_a_forbidden_import(tmp_path, source, expected) -> None:
    bad = tmp_path / "engine" / "core" / "probe.py"
    bad.parent.mkdir(parents=True)
    bad.write_text(source)
    found = violations([bad], root=tmp_path)
    assert len(found) == 1 and expected in found[0]


def test_the_loop_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
