"""Configuration in one place: documented defaults, an INI file, then environment overrides.

Order of precedence (last wins): the defaults below, the file named by KIOSK_CONFIG (default
/etc/meixian-kiosk/kiosk.ini when it exists), then environment variables KIOSK_<SECTION>_<KEY>
(e.g. KIOSK_DISPLAY_SIZE=1920x1080). Two short forms are kept for operators: KIOSK_BACKEND_URL and
KIOSK_DATA_DIR.

Every setting is declared once, in `DEFAULTS`: `key: (default, what it means)` for text, or
`key: (default, what it means, kind)` where `kind` turns the text into its typed value (`number(0)`,
`whole(1)`, `choice(...)`, `size`, `device("printer")`…) and raises ValueError saying what is wrong.
`load_config` converts every setting once and raises one ConfigError naming every bad value; after that
`cfg.get(section, key)` and `cfg.<section>.<key>` give typed values and nothing converts strings again.
"""
from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable

from .settings_kinds import choice, device, number, readable_file, size, template, text, url, whole
from .speech.settings import SPEECH_DEFAULTS

DEFAULT_FILE = Path("/etc/meixian-kiosk/kiosk.ini")

#: section -> key -> (default, what it means). `kiosk config` and README print this table.
def _public_keys(raw: str) -> str:
    """Each comma-separated key must decode as an Ed25519 public key; the text is kept as written."""
    from content.signature import decode_public_key

    for key in raw.split(","):
        if key.strip():
            decode_public_key(key)      # ValueError names what is wrong with it
    return raw


DEFAULTS: dict[str, dict[str, tuple[str, str]]] = {
    "kiosk": {
        "id": ("kiosk-dev", "This terminal's id, as registered on the hall server."),
        "data_dir": ("~/.local/share/meixian-kiosk", "Where the outbox, keys and catalogue cache live."),
        "backend_url": ("http://127.0.0.1:8750", "The hall server's base URL.", url),
        "content_dir": ("", "A catalogue folder to use instead of the packaged one (empty: packaged)."),
        "token": ("", "This kiosk's credential `<id>:<secret>` from `kiosk-hall kiosk-add` (or token_file)."),
        "token_file": ("", "A file holding the credential, readable by the kiosk user only.", readable_file),
        "ca_file": ("", "CA certificate (PEM) of the hall's intranet TLS; empty: the system's trust store.",
                    readable_file),
        "status_url": ("http://127.0.0.1:8750/s/{receipt}?code={code}",
                       "Address a phone opens from the receipt QR to follow progress.",
                       template("receipt", "code")),
        "outbox_max_mb": ("2048", "Most the outbox may hold; past it the kiosk sends citizens to the window.",
                          whole(1)),
        "heartbeat_s": ("60", "Seconds between heartbeats to the hall (device health, outbox depth); 0: none.",
                        number(0)),
        "location": ("", "Where this kiosk stands: a location id of the catalogue (content/data/locations.toml: "
                         "service-centre, employment-branch, town-songkou, …); empty: the district centre. A kiosk "
                         "at a town's 党群服务中心 takes the themes the towns take and sends citizens elsewhere "
                         "for the others."),
    },
    "display": {
        "size": ("1080x1920", "Window size WxH; portrait 1080x1920 is the standard kiosk screen.", size),
        "fullscreen": ("auto", "auto (kiosk), 0 (a window, for development).", choice("auto", "0", "1", "fake")),
        "font": ("", "A CJK font file for the screen; empty: the first found of the known system fonts."),
        "language": ("zh_CN", "Starting language: zh_CN or en.", choice("zh_CN", "en")),
    },
    "devices": {
        "idcard": ("sim://", "ID card reader: serial:///dev/ttyUSB0?baud=115200, or sim://.", device("idcard")),
        "printer": ("sim://", "Receipt printer: usb://VID:PID, serial://…, tcp://host:9100, file://…, sim://.",
                    device("printer")),
        "camera": ("sim://", "Document camera: /dev/video0 or sim://.", device("camera")),
        "qr": ("sim://", "QR scanner: serial:///dev/ttyACM0?baud=9600 (USB-COM mode, reads hanzi), "
                         "evdev:///dev/input/by-id/…-event-kbd (keyboard wedge, ASCII only), camera (codes "
                         "held up to the document camera), or sim:// (a simulated serial scanner on a pty).",
               device("qr")),
    },
}

DEFAULTS["speech"] = SPEECH_DEFAULTS
DEFAULTS["lobby"] = {   # `kiosk lobby`: the hall's lobby screen cycling theme flowcharts (kiosk/lobby.py)
    "size": ("1920x1080", "Lobby screen size WxH; landscape 1920x1080 is the usual hall screen.", size),
    "seconds": ("20", "Seconds each theme stays on the lobby screen.", number(0.5, 3600)),
    "themes": ("", "Theme numbers to show, in this order, comma-separated (e.g. 5,3,13); empty: all enabled."),
    "qr_url": ("", "Address the lobby's QR code opens (e.g. the hall's online service page); empty: no QR."),
    "calls": ("on", "on: the now-serving band (calls from the hall's GET /v1/queue/now-serving) and spoken "
                    "calls; off: flowcharts only."),
    "poll_ms": ("250", "How often the lobby asks the hall for new calls, in ms (100-5000)."),
    "recent": ("5", "How many of the last calls the band lists besides the latest per window (0-10)."),
}
DEFAULTS["announce"] = {   # spoken calls in the lobby (kiosk/announce.py); also `kiosk announce`
    "voices": ("cmn", "Voices in the order spoken, comma-separated: cmn (Mandarin), hak (Hakka), yue (Cantonese)."),
    "numbers": ("digits", "How the number is read: digits (A005: A 零零五) or number (A 五)."),
    "repeats": ("2", "How many times the whole call (every voice) is said, 1-5."),
    "chime": ("on", "A two-note chime before each call: on or off."),
    "gap_ms": ("700", "Silence between voices and repeats, in ms."),
}

DEFAULTS["staff"] = {
    "pin_hash": ("", "Salted hash of the staff PIN, written by `kiosk staff set-pin`; empty: staff mode is off."),
}

DEFAULTS["catalogue"] = {
    "sync_minutes": ("10", "Minutes between checks for a newly published catalogue (0: only at start and on "
                           "the staff button). Off while kiosk.content_dir is set.", number(0)),
    "public_keys": ("", "The hall's catalogue signing public key(s), base64, comma-separated (two during a key "
                        "change; `kiosk-hall keygen` prints one). Empty: every catalogue from the hall is refused.",
                    _public_keys),
}

#: CJK fonts the Debian packages installed by the Makefile provide, in order of preference for screens.
#: WenQuanYi Micro Hei first: a .ttc whose first face is Simplified Chinese (Kivy opens face 0 only;
#: Noto CJK's face 0 is the Japanese one, with Japanese glyph shapes for some hanzi).
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


class ConfigError(Exception):
    """A setting that cannot be used; the message names the setting."""


Declaration = tuple  # (default, doc) or (default, doc, kind)


def kind_of(decl: Declaration) -> Callable[[str], Any]:
    return decl[2] if len(decl) > 2 else text


class Section:
    """One section's typed settings, read-only: `cfg.kiosk.heartbeat_s`."""

    def __init__(self, name: str, values: dict[str, Any]):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", MappingProxyType(values))

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no setting [{self._name}] {key}") from None

    def __setattr__(self, key, value):
        raise AttributeError("settings are read-only; use Config.replace")


@dataclass(frozen=True)
class Config:
    values: dict[str, dict[str, str]]          # the text as written (defaults, file, environment)
    typed: dict[str, dict[str, Any]] = field(default=None, compare=False)   # type: ignore[assignment]

    def __post_init__(self):
        if self.typed is None:
            object.__setattr__(self, "typed", convert(self.values))

    def get(self, section: str, key: str) -> Any:
        """The typed value (converted once, at load)."""
        return self.typed[section][key]

    def __getattr__(self, name: str) -> Section:
        typed = self.__dict__.get("typed")
        if typed is not None and name in typed:
            return Section(name, typed[name])
        raise AttributeError(name)

    def replace(self, changes: dict[tuple[str, str], str]) -> "Config":
        """A new Config with some settings' text changed (command-line flags), checked like a loaded one."""
        values = {s: dict(keys) for s, keys in self.values.items()}
        for (section, key), value in changes.items():
            if section not in values or key not in values[section]:
                raise ConfigError(f"unknown setting [{section}] {key}")
            values[section][key] = value
        return Config(values)

    @property
    def data_dir(self) -> Path:
        return Path(self.get("kiosk", "data_dir")).expanduser()

    def token(self) -> str | None:
        if self.get("kiosk", "token"):
            return self.get("kiosk", "token")
        path = self.get("kiosk", "token_file")
        if path:
            try:
                file = Path(path).expanduser()
                mode = file.stat().st_mode & 0o777
                if mode & 0o077:    # the kiosk's credential: readable by the kiosk user only
                    raise ConfigError(f"kiosk.token_file {path} is readable by others (mode {mode:o}): "
                                      f"chmod 600 {path}")
                return file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"kiosk.token_file {path}: {exc.strerror}") from None
        return None

    @property
    def window_size(self) -> tuple[int, int]:
        return self.get("display", "size")

    def cjk_font(self) -> str:
        """The font file for hanzi on screen; an error (never boxes) when none is installed."""
        configured = self.get("display", "font")
        candidates = [configured] if configured else list(CJK_FONTS)
        for path in candidates:
            if Path(path).is_file():
                return path
        raise ConfigError("no CJK font found (tried " + ", ".join(candidates) +
                          "); install fonts-wqy-microhei or set display.font")


def load_config(path: str | os.PathLike | None = None, environ: dict[str, str] | None = None) -> Config:
    env = os.environ if environ is None else environ
    values = {s: {k: v[0] for k, v in keys.items()} for s, keys in DEFAULTS.items()}
    file = Path(path or env.get("KIOSK_CONFIG") or DEFAULT_FILE)
    if file.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(file, encoding="utf-8")
        except configparser.Error as exc:
            raise ConfigError(f"{file}: {exc}") from None
        for section in parser.sections():
            for key, value in parser.items(section):
                if section not in values or key not in values[section]:
                    raise ConfigError(f"{file}: unknown setting [{section}] {key}")
                values[section][key] = value
    elif path or env.get("KIOSK_CONFIG"):
        raise ConfigError(f"configuration file {file} not found")
    for section, keys in values.items():
        for key in keys:
            name = f"KIOSK_{section.upper()}_{key.upper()}"
            if name in env:
                keys[key] = env[name]
    for short, (section, key) in {"KIOSK_BACKEND_URL": ("kiosk", "backend_url"),
                                  "KIOSK_DATA_DIR": ("kiosk", "data_dir")}.items():
        if short in env:
            values[section][key] = env[short]
    return Config(values)


def convert(values: dict[str, dict[str, str]]) -> dict[str, dict[str, Any]]:
    """Every setting to its typed value; one ConfigError naming every bad one (not just the first)."""
    typed: dict[str, dict[str, Any]] = {}
    bad: list[str] = []
    for section, keys in values.items():
        typed[section] = {}
        for key, raw in keys.items():
            decl = DEFAULTS.get(section, {}).get(key)
            try:
                typed[section][key] = kind_of(decl)(raw) if decl else raw
            except ValueError as exc:
                bad.append(f"[{section}] {key} = {raw!r}: {exc}")
    if "speech" in typed and not any(b.startswith("[speech]") for b in bad):   # each bad value named once
        from .speech.settings import SpeechSettings
        try:
            SpeechSettings.from_mapping(values["speech"])
        except ValueError as exc:
            bad.append(str(exc))
    if bad:
        raise ConfigError(f"{len(bad)} bad setting(s): " + "; ".join(bad))
    return typed
