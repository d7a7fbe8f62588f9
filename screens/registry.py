"""Screen names and their classes; a journey step ('question:kind') maps to its screen ('question')."""
from __future__ import annotations

from .attract import AttractScreen
from .audio_guide import AudioGuideScreen
from .check_answers import CheckScreen
from .consent import ConsentScreen
from .done import DoneScreen
from .form import FormScreen
from .home import HomeScreen
from .identify import IdentifyScreen
from .lookup import LookupScreen
from .materials import MaterialsScreen
from .question import QuestionScreen
from .staff import StaffScreen
from .submitting import SubmittingScreen
from .theme_notice import NoticeScreen

SCREENS = {
    "attract": AttractScreen, "home": HomeScreen, "notice": NoticeScreen, "identify": IdentifyScreen,
    "question": QuestionScreen, "form": FormScreen, "materials": MaterialsScreen, "check": CheckScreen,
    "consent": ConsentScreen, "submitting": SubmittingScreen, "done": DoneScreen, "lookup": LookupScreen,
    "audio": AudioGuideScreen,
}
SCREENS["staff"] = StaffScreen     # staff mode (screens/staff.py): reached only through the PIN pad


def screen_for_step(step: str) -> str:
    return step.split(":", 1)[0]
