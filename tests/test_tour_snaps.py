"""Every screenshot a tour journey asks for is taken: `tour.snap(...)` is a generator (it waits until the
screen is drawn), so a bare call does nothing and the picture silently never exists."""
from __future__ import annotations

import ast
from pathlib import Path

SCREENS = Path(__file__).resolve().parent.parent / "screens"


def test_every_snap_in_the_tour_journeys_is_driven_with_yield_from():
    bare = []
    for path in sorted(SCREENS.glob("tour*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        driven = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.YieldFrom)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "snap"
                    and id(node) not in driven):
                bare.append(f"{path.name}:{node.lineno}")
    assert bare == []
