"""Every screenshot a tour journey asks for is taken: `tour.snap(...)` is a generator (it waits until the
screen is drawn), so a bare call does nothing and the picture silently never exists."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

SCREENS = Path(__file__).resolve().parent.parent / "screens"
TOUR_MODULES = sorted(SCREENS.glob("tour*.py"))


def test_every_snap_in_the_tour_journeys_is_driven_with_yield_from():
    bare = []
    for path in TOUR_MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        driven = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.YieldFrom)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "snap"
                    and id(node) not in driven):
                bare.append(f"{path.name}:{node.lineno}")
    assert bare == []


def test_every_journey_lives_in_a_module_the_snap_check_reads():
    """A journey moved out of screens/tour*.py (a package, another folder) would escape the check above."""
    from screens.tour_journeys import JOURNEYS, ON_REQUEST

    outside = {name: inspect.getsourcefile(fn) for name, fn in {**JOURNEYS, **ON_REQUEST}.items()
               if Path(inspect.getsourcefile(fn)).resolve() not in TOUR_MODULES}
    assert outside == {}
