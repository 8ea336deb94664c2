"""Reading YAML written by users (configs, constraint files): parse errors with their line
and column, and the line of every key, so later problems can name it too."""

from __future__ import annotations

from typing import Any

import yaml

Lines = dict[tuple[str, ...], int]


def parse(text: str, loader: type = yaml.SafeLoader) -> Any:
    """``text`` parsed with a safe loader; yaml.YAMLError if malformed (see ``describe``)."""
    return yaml.load(text, Loader=loader)  # SafeLoader or a subclass: no Python objects


def describe(error: yaml.YAMLError) -> str:
    """' at line 3, column 5: mapping values are not allowed here'."""
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return f"{where}: {getattr(error, 'problem', None) or error}"


def key_lines(text: str) -> Lines:
    """{(key, subkey, ...): 1-based line} for every mapping key (and list item) in ``text``."""
    return _index(text)[0]


def duplicate_keys(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    """(path of a key, line of its first use, line of the repeat) for every key a mapping of
    ``text`` has twice; YAML parsers silently keep the last one."""
    return _index(text)[1]


def _index(text: str) -> tuple[Lines, list[tuple[tuple[str, ...], int, int]]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}, []
    lines: Lines = {}
    repeats: list[tuple[tuple[str, ...], int, int]] = []

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                child = (*path, str(key.value))
                line = key.start_mark.line + 1
                if child[-1] in seen:
                    repeats.append((child, seen[child[-1]], line))
                seen.setdefault(child[-1], line)
                lines[child] = line
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, str(index))
                lines[child] = item.start_mark.line + 1
                walk(item, child)

    if root is not None:
        walk(root, ())
    return lines, repeats


def line_of(path: str, lines: Lines) -> int | None:
    """The line of the deepest key of a dotted ``path`` ('Synthesizer.gc.epochs') found."""
    parts = tuple(path.split(".")) if path else ()
    for end in range(len(parts), 0, -1):
        line = lines.get(parts[:end])
        if line is not None:
            return line
    return None


def with_line(problem: str, lines: Lines) -> str:
    """'A.b.c: msg' -> 'A.b.c: msg (line 7)'."""
    path, sep, _ = problem.partition(": ")
    line = line_of(path, lines) if sep and lines else None
    return f"{problem} (line {line})" if line is not None else problem
