"""The tour's 语音导办 journeys (audio mode, see screens/audio_guide.py): the kiosk's own voice recorded as WAV
files, since the tour has no speaker; run after the other journeys (screens/tour_journeys.py)."""
from __future__ import annotations


#: The tour's sound card: a real player process that writes each utterance it is fed to a WAV file.
#: Written under a temporary name and renamed, so the tour never reads a WAV file still being written.
WAV_WRITER = ("import os, sys, time; p = sys.argv[1] + '/%d.wav' % time.time_ns(); "
              "open(p + '.part', 'wb').write(sys.stdin.buffer.read()); os.replace(p + '.part', p)")


def _recording_narrator(app, folder, heard: list | None = None):
    """The kiosk's own voice (espeak-ng, its settings) playing into WAV files: the tour has no speaker.
    `heard`, when given, collects (voice, text) as the engine is asked for each part."""
    import sys

    from kiosk import speech

    class Recording(speech.EspeakEngine):
        def synthesize(self, text, lang):
            if heard is not None:
                heard.append((lang, text))
            return super().synthesize(text, lang)

    folder.mkdir(parents=True, exist_ok=True)
    settings = speech.SpeechSettings.from_config(app.cfg)
    engine = Recording(settings.engine, rate_zh=settings.rate_zh, rate_en=settings.rate_en, pitch=settings.pitch)
    return speech.Narrator(engine, settings,
                           player_command=lambda route: [sys.executable, "-c", WAV_WRITER, str(folder)])


def _audio_guide(tour, no: int = 5, paper_out_after: bool = False):
    """语音导办 as a citizen who cannot see: the big button on the attract screen, the zones only, theme
    `no` found by listening item by item, its notice heard in full, then printed."""
    from kiosk.speech import parse_wav

    app, core = tour.app, tour.app.core
    folder = tour.out / f"{tour.journey}-speech"
    app.speech = _recording_narrator(app, folder)
    screen = app.sm.get_screen("audio")
    said: list[str] = []
    screen.bind(said=lambda _w, text: said.append(text) if text else None)
    printed_before = len(tour.printed)
    quiet = lambda: not app.speech.speaking     # noqa: E731

    yield from tour.press("audio_guide")
    yield from tour.wait_for_step("audio")
    yield from tour.wait(quiet, "the welcome to be said")
    lang = "-english" if app.lang == "en" else ""     # the hanzi check skips English screens by this
    yield from tour.snap("audio-start" + lang)
    theme = next(t for t in core.catalogue.enabled_themes() if t.no == no)
    while screen.guide.current.key != theme.category:
        yield from tour.press("audio_next")
    yield from tour.press("audio_choose")
    for _ in range(60):
        if screen.guide.current.key == theme.id:
            break
        yield from tour.press("audio_next", 0.1)
    heard_theme = said[-1]
    yield from tour.press("audio_choose")
    yield from tour.wait(quiet, "the notice to be read")
    notice_text = said[-1]
    yield from tour.snap("audio-notice" + lang)
    n = len(said)
    yield from tour.press("audio_choose")        # the last item: print
    yield from tour.wait(lambda: len(said) >= n + 2 and len(tour.printed) > printed_before and quiet(),
                         "the printout and its announcement")
    checks = tour.checks.setdefault("audio", {})[tour.journey] = {
        "said": list(said), "theme_item": heard_theme, "notice": notice_text, "after_print": said[-1],
        "printouts": [d.count(theme.name.encode("gb18030")) for d in tour.printed[printed_before:]],
        "chrome": app.chrome, "step": app.step, "theme": core.session.theme_id}
    if paper_out_after:
        real = core.printing.printer_url
        core.printing.printer_url = "sim://?paper=out"
        n = len(said)
        yield from tour.press("audio_choose")
        yield from tour.wait(lambda: len(said) >= n + 2 and quiet(), "the printer's failure to be said")
        checks["paper_out"] = said[-1]
        core.printing.printer_url = real
    yield from tour.wait(quiet, "silence")
    wavs = sorted(folder.glob("*.wav"))
    checks["wav_seconds"] = [round(parse_wav(w.read_bytes()).duration, 1) for w in wavs]
    for _ in range(3):                          # back to themes, categories, then out
        yield from tour.press("audio_back")
    yield from tour.wait_for_step("attract")
    checks["after_exit"] = app.step


def audio_mode(tour):
    """Enter by holding a finger anywhere on the attract screen and leave again, then the whole guide."""
    from kivy.tests.common import UnitTestTouch

    app = tour.app
    touch = UnitTestTouch(540, 1200)
    touch.touch_down()
    yield 2.0                                   # held still: longer than the long press
    touch.touch_up()
    yield from tour.wait_for_step("audio")
    yield 0.5
    entered = app.step
    yield from tour.press("audio_back")         # at the top level, back leaves audio mode
    yield from tour.wait_for_step("attract")
    yield from _audio_guide(tour)
    tour.checks["audio"]["audio_mode"]["long_press"] = entered


def audio_mode_english(tour):
    tour.app.toggle_language()                  # as on a kiosk configured for English
    yield from _audio_guide(tour, paper_out_after=True)
    if tour.app.lang != "zh_CN":
        tour.app.toggle_language()


def voice_choice(tour):
    """客家话 beside 朗读: theme 5's notice read aloud in Hakka where the table can say it and in Mandarin part by
    part otherwise; the toggle hides on an English screen; home ends the session and the voice goes back to
    普通话; then the audio guide's first entry switches its voice."""
    from .app import visible_labels
    from .tour import TourFailed
    from .tour_steps import open_theme

    app, core = tour.app, tour.app.core
    heard: list[tuple[str, str]] = []
    app.speech = _recording_narrator(app, tour.out / f"{tour.journey}-speech", heard)
    quiet = lambda: not app.speech.speaking and not app.speaking     # noqa: E731
    checks = tour.checks.setdefault("voice", {})
    if "hak" not in app.voices:
        raise TourFailed("voice_choice needs Hakka offered: run it with KIOSK_SPEECH_VOICES=cmn,hak")
    yield from open_theme(tour, 5)
    checks["offered"] = list(app.voices)
    checks["first"] = app.voice
    yield from tour.press("voice_hak")
    checks["chosen"] = [app.voice, core.voice.current]
    yield from tour.press("speak")
    yield from tour.wait(lambda: heard and quiet(), "the notice to be read aloud")
    checks["read"] = list(heard)
    checks["screen"] = [lb["text"] for lb in visible_labels(app.sm.current_screen)]
    yield from tour.snap("notice-hakka")
    yield from tour.press("language")
    checks["toggle_in_english"] = tour._found("voice_hak") is not None
    yield from tour.press("language")
    yield from tour.press("home")                 # the session ends: the next citizen hears 普通话 again
    yield from tour.wait_for_step("home")
    checks["after_session"] = [app.voice, core.voice.current, tour.find("voice_cmn").selected]
    yield from tour.go_attract()
    heard.clear()
    yield from tour.press("audio_guide")
    yield from tour.wait_for_step("audio")
    yield from tour.wait(lambda: heard and quiet(), "the welcome to be said")
    screen = app.sm.get_screen("audio")
    checks["guide_first_item"] = [screen.guide.current.kind, screen.guide.current.label]
    heard.clear()
    yield from tour.press("audio_choose")
    yield from tour.wait(lambda: heard and quiet(), "the new voice to be confirmed")
    checks["guide_switched"] = {"voice": core.voice.current, "said": screen.said, "heard": list(heard),
                                "item": screen.guide.current.label}
    yield from tour.snap("audio-voice")
    yield from tour.press("audio_back")           # at the top level, back leaves audio mode and the session
    yield from tour.wait_for_step("attract")
    checks["after_guide"] = core.voice.current


JOURNEYS = {
    "audio_mode": audio_mode,
    "audio_mode_english": audio_mode_english,
}
ON_REQUEST = {"voice_choice": voice_choice}     # tests/ui/test_audio_mode.py runs it with the audio journeys
