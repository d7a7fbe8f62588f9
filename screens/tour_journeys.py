"""Every journey of `kiosk tour`, by name, in the order a whole tour runs them; the journeys are in
screens/tour_*.py by role, their shared steps in screens/tour_steps.py."""
from __future__ import annotations

from .tour_access import date_picker, elder_mode, english, keyboard_access
from .tour_audio import JOURNEYS as AUDIO
from .tour_audio import ON_REQUEST as AUDIO_ON_REQUEST
from .tour_birth import birth_with_card, status_lookup
from .tour_failures import intake_closed, offline_submission, save_fails, timeout_wipes
from .tour_qr import JOURNEYS as QR
from .tour_staff import JOURNEYS as STAFF
from .tour_themes import business_theme13, party_forms, situations_theme3, town_notice

#: A whole tour runs these, in this order (status_lookup follows the receipt birth_with_card printed).
JOURNEYS = {
    "birth_with_card": birth_with_card,
    "situations_theme3": situations_theme3,
    "business_theme13": business_theme13,
    "party_forms": party_forms,
    "timeout_wipes": timeout_wipes,
    "offline_submission": offline_submission,
    "status_lookup": status_lookup,
    "elder_mode": elder_mode,
    "english": english,
    "keyboard_access": keyboard_access,
    "date_picker": date_picker,
    **AUDIO,
}

#: Run only when named (`kiosk tour --journey NAME`): they need a kiosk set up for them, break its outbox
#: on purpose, or end the app (staff_exit).
ON_REQUEST = {
    **STAFF,
    **QR,
    "town_notice": town_notice,
    "intake_closed": intake_closed,
    "save_fails": save_fails,
    **AUDIO_ON_REQUEST,
}
