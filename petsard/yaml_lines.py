"""Find the line of each key in a YAML text, so config errors can name it."""

from __future__ import annotations

import yaml


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """{(key, subkey, ...): 1-based line} for every mapping key in ``text``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, str(index))
                lines[child] = item.start_mark.line + 1
                walk(item, child)

    if root is not None:
        walk(root, ())
    return lines


def with_line(problem: str, lines: dict[tuple[str, ...], int]) -> str:
    """'A.b.c: msg' -> 'A.b.c: msg (line 7)', using the deepest known key of the path."""
    path, sep, _ = problem.partition(": ")
    if not sep or not lines:
        return problem
    parts = tuple(path.split("."))
    for end in range(len(parts), 0, -1):
        line = lines.get(parts[:end])
        if line is not None:
            return f"{problem} (line {line})"
    return problem
