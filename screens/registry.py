"""Screen names and their classes; a journey step ('question:kind') maps to its screen ('question').

Screens are imported on first need, not with this module: importing one loads its .kv rules, and only
attract and home are needed before the first frame (the rest load one per frame after it, or when shown)."""
from __future__ import annotations

import importlib

SCREENS = {
    "attract": "attract:AttractScreen", "home": "home:HomeScreen", "notice": "theme_notice:NoticeScreen",
    "identify": "identify:IdentifyScreen", "question": "question:QuestionScreen", "form": "form:FormScreen",
    "materials": "materials:MaterialsScreen", "check": "check_answers:CheckScreen",
    "consent": "consent:ConsentScreen", "submitting": "submitting:SubmittingScreen", "done": "done:DoneScreen",
    "lookup": "lookup:LookupScreen", "audio": "audio_guide:AudioGuideScreen",
    "staff": "staff:StaffScreen",       # staff mode (screens/staff.py): reached only through the PIN pad
}


def screen_class(name: str) -> type:
    """The class of the screen called `name` (KeyError for a name no screen has)."""
    module, cls = SCREENS[name].split(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)


def screen_for_step(step: str) -> str:
    return step.split(":", 1)[0]
