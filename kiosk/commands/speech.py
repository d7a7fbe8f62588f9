"""`kiosk speak TEXT [--lang zh|en] [--voice cmn|hak] [--out FILE.wav]`: hear (or save) what the kiosk would say."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.speech import EspeakEngine, Narrator, SpeechSettings, SpeechUnavailable, Utterance, in_voice, render
from kiosk.speech.calls import HAKKA_FILE, hakka_missing


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("speak", help="say a text with the kiosk's offline voice (espeak-ng), or save a WAV")
    p.add_argument("text", help="what to say; ID and phone numbers are masked, A012 is read A 零 一 二")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="Mandarin (voice cmn) or English")
    p.add_argument("--voice", choices=("cmn", "hak"),
                   help="Chinese text in cmn (普通话, the default) or hak (客家话, 梅县话); sentences the Hakka "
                        "table cannot say are said in Mandarin, and its missing hanzi named on stderr")
    p.add_argument("--out", metavar="FILE.wav", help="write the audio here instead of playing it")
    p.add_argument("--volume", type=int, metavar="0-100", help="default: speech.volume (80)")
    p.add_argument("--output", choices=("auto", "speaker", "headset"),
                   help="where to play it; default: speech.output")
    p.set_defaults(func=cmd_speak)


def cmd_speak(args: argparse.Namespace) -> int:
    lang = "zh_CN" if args.lang == "zh" else "en"
    if args.volume is not None and not 0 <= args.volume <= 100:
        print("--volume must be 0-100", file=sys.stderr)
        return 2
    narrator = None
    try:
        from ..config import load_config
        settings = SpeechSettings.from_config(load_config())     # the INI's [speech], then the environment
        engine = EspeakEngine(settings.engine, rate_zh=settings.rate_zh, rate_en=settings.rate_en,
                              pitch=settings.pitch)
        if args.voice and lang == "en":
            print("--voice is for Chinese text (--lang zh)", file=sys.stderr)
            return 2
        utterance = Utterance.plain(args.text, lang)
        if not utterance.parts[0][0]:
            print("nothing to say", file=sys.stderr)
            return 2
        utterance, fell = in_voice(utterance, args.voice or ("en" if lang == "en" else "cmn"))
        if fell:
            print(f"{fell} sentence(s) said in Mandarin: the Hakka table has no reading for "
                  f"{''.join(hakka_missing(utterance.text))} (add them to kiosk/speech/{HAKKA_FILE.name})",
                  file=sys.stderr)
        volume = settings.volume if args.volume is None else args.volume
        if args.out:
            audio = render(engine, utterance).scaled(volume)
            Path(args.out).write_bytes(audio.to_wav())
            print(f"{args.out}: {audio.duration:.1f} s, {audio.rate} Hz, voice "
                  + "+".join(dict.fromkeys(utterance.voices)))
            return 0
        narrator = Narrator(engine, settings)
        narrator.set_volume(volume)
        route = narrator.set_output(args.output)
        narrator.speak(utterance)
        narrator.wait()
    except (SpeechUnavailable, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if narrator is not None:
            narrator.stop()
        return 130
    if narrator.last_error:
        print(f"could not play on the {route.kind} ({route.backend} {route.device}): {narrator.last_error}",
              file=sys.stderr)
        return 1
    return 0
