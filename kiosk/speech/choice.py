"""The spoken language the citizen chose (普通话, 客家话): session state, apart from the screen's language.

The kiosk core keeps one VoiceChoice and resets it when the session is wiped, as elder mode and the screen's
language go back at the end of a session: the next citizen hears the hall's first voice again. No Kivy here.
"""
from __future__ import annotations

import logging

from ..i18n import N_
from .reading import Utterance
from .voicing import can_say, in_voice

log = logging.getLogger(__name__)

#: The voices' names, on the toggle beside 朗读 and in the audio guide: always in hanzi, as the choice is
#: only offered on Chinese screens.
VOICE_NAMES = {"cmn": N_("普通话"), "hak": N_("客家话")}
#: Said once a session, before the first Hakka reading with parts in Mandarin, when the Hakka table covers it.
FALLBACK_NOTICE = N_("部分内容用普通话读。")
NOTICE_PAUSE_MS = 500


class VoiceChoice:
    """`offered` is `[speech] voices` (checked at load): cmn and/or hak, the first being where a session starts."""

    def __init__(self, offered: tuple[str, ...]):
        if not offered:
            raise ValueError("no voice offered")
        self.offered = tuple(offered)
        self.current = self.offered[0]
        self._told = False

    def choose(self, voice: str) -> None:
        if voice not in self.offered:
            raise ValueError(f"voice {voice!r} is not offered here (speech.voices: {','.join(self.offered)})")
        self.current = voice

    def reset(self) -> None:
        """The session ended: the next citizen starts in the hall's first voice, and is told again."""
        self.current = self.offered[0]
        self._told = False

    def choosable(self, lang: str) -> bool:
        """A choice to show: more than one voice, and Chinese text (an English screen is read in English)."""
        return len(self.offered) > 1 and not lang.startswith("en")

    def other(self) -> str:
        """The voice a tap on the guide's voice entry switches to (the next one offered)."""
        i = self.offered.index(self.current)
        return self.offered[(i + 1) % len(self.offered)]

    def voice_for(self, lang: str) -> str:
        return "en" if lang.startswith("en") else self.current

    def prepare(self, utterance: Utterance) -> Utterance:
        """`utterance` with each part's voice. Logs only counts: the text may hold a citizen's details."""
        voice = self.voice_for(utterance.lang)
        said, fell = in_voice(utterance, voice)
        if voice != "hak":
            return said
        log.info("Hakka reading: %d of %d part(s) said in Mandarin (characters missing from the Hakka table)",
                 fell, len(said.parts))
        if fell and not self._told:
            self._told = True
            if can_say(FALLBACK_NOTICE, "hak"):
                said = Utterance(((FALLBACK_NOTICE, NOTICE_PAUSE_MS),) + said.parts, said.lang,
                                 ("hak",) + said.voices)
        return said
