"""The tour's 语音导办 journeys (audio mode, see screens/audio_guide.py): the kiosk's own voice recorded as WAV
files, since the tour has no speaker; run after the other journeys (screens/tour_journeys.py)."""
from __future__ import annotations


#: The tour's sound card: a real player process that writes each utterance it is fed to a WAV file.
#: Written under a temporary name and renamed, so the tour never reads a WAV file still being written.
WAV_WRITER = ("import os, sys, time; p = sys.argv[1] + '/%d.wav' % time.time_ns(); "
              "open(p + '.part', 'wb').write(sys.stdin.buffer.read()); os.replace(p + '.part', p)")


def _recording_narrator(app, folder):
    """The kiosk's own voice (espeak-ng, its settings) playing into WAV files: the tour has no speaker."""
    import sys

    from kiosk import speech

    folder.mkdir(parents=True, exist_ok=True)
    settings = speech.SpeechSettings.from_config(app.cfg)
    engine = speech.EspeakEngine(settings.engine, rate_zh=settings.rate_zh, rate_en=settings.rate_en,
                                 pitch=settings.pitch)
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


JOURNEYS = {
    "audio_mode": audio_mode,
    "audio_mode_english": audio_mode_english,
}
