"""Handwritten hanzi input for the on-screen keyboard, via Debian's zinnia library; no Kivy here."""
from kiosk.handwriting.recognizer import Candidate, Recognizer, StrokeSession, default_recognizer
from kiosk.handwriting.zinnia import (DEFAULT_MODEL, LIBRARY_PACKAGE, MODEL_ENV, MODEL_PACKAGE,
                                      HandwritingUnavailable, ZinniaModel)

__all__ = ["Candidate", "Recognizer", "StrokeSession", "default_recognizer", "ZinniaModel",
           "HandwritingUnavailable", "DEFAULT_MODEL", "MODEL_ENV", "LIBRARY_PACKAGE", "MODEL_PACKAGE"]
