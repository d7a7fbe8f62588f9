"""ctypes binding of zinnia's C API (libzinnia.so.0): Debian ships the library but no Python binding."""
from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

#: Debian 12 packages; named in every error so an operator knows what to install.
LIBRARY_PACKAGE = "libzinnia0"
MODEL_PACKAGE = "tegaki-zinnia-simplified-chinese"
LIBRARY_NAME = "libzinnia.so.0"
#: Installed by tegaki-zinnia-simplified-chinese (`dpkg -L tegaki-zinnia-simplified-chinese`).
DEFAULT_MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")
#: Overrides DEFAULT_MODEL, following the KIOSK_<SECTION>_<KEY> convention of kiosk.config.
MODEL_ENV = "KIOSK_HANDWRITING_MODEL"


class HandwritingUnavailable(RuntimeError):
    """The zinnia library or its model is missing or unreadable: the kiosk must not pretend to recognise."""


_libs: dict[str, ctypes.CDLL] = {}
_lib_lock = threading.Lock()


def _declare(lib: ctypes.CDLL) -> None:
    """Signatures from zinnia.h; size_t and pointers must be declared or ctypes truncates them to int."""
    vp, sz, cp = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
    table = {
        "zinnia_version": ([], cp),
        "zinnia_recognizer_new": ([], vp),
        "zinnia_recognizer_destroy": ([vp], None),
        "zinnia_recognizer_open": ([vp, cp], ctypes.c_int),
        "zinnia_recognizer_close": ([vp], ctypes.c_int),
        "zinnia_recognizer_size": ([vp], sz),
        "zinnia_recognizer_strerror": ([vp], cp),
        "zinnia_recognizer_classify": ([vp, vp, sz], vp),
        "zinnia_character_new": ([], vp),
        "zinnia_character_destroy": ([vp], None),
        "zinnia_character_set_width": ([vp, sz], None),
        "zinnia_character_set_height": ([vp, sz], None),
        "zinnia_character_clear": ([vp], None),
        "zinnia_character_add": ([vp, sz, ctypes.c_int, ctypes.c_int], ctypes.c_int),
        "zinnia_character_strokes_size": ([vp], sz),
        "zinnia_result_value": ([vp, sz], cp),
        "zinnia_result_score": ([vp, sz], ctypes.c_float),
        "zinnia_result_size": ([vp], sz),
        "zinnia_result_destroy": ([vp], None),
    }
    for name, (args, res) in table.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res


def load_library(name: str = LIBRARY_NAME) -> ctypes.CDLL:
    """Load libzinnia once per process; a missing library is an install error, named as such."""
    with _lib_lock:
        if name not in _libs:
            try:
                lib = ctypes.CDLL(name)
                _declare(lib)
            except (OSError, AttributeError) as exc:
                raise HandwritingUnavailable(
                    f"cannot load the zinnia handwriting library {name!r} ({exc}); "
                    f"install the Debian package {LIBRARY_PACKAGE}") from exc
            _libs[name] = lib
        return _libs[name]


def model_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The model to open: an explicit path, else $KIOSK_HANDWRITING_MODEL, else the Debian package's file."""
    chosen = Path(path) if path else Path(os.environ.get(MODEL_ENV) or DEFAULT_MODEL)
    if not chosen.is_file():
        hint = (f"install the Debian package {MODEL_PACKAGE}" if chosen == DEFAULT_MODEL
                else f"fix {MODEL_ENV} or the path given, or install the Debian package {MODEL_PACKAGE} "
                     f"for {DEFAULT_MODEL}")
        raise HandwritingUnavailable(f"handwriting model {chosen} not found: {hint}")
    return chosen


class ZinniaModel:
    """One opened model (recognizer); classify() is serialised by a lock, since zinnia promises nothing
    about concurrent calls and a recognition takes only milliseconds."""

    def __init__(self, path: str | os.PathLike[str] | None = None, library: str = LIBRARY_NAME) -> None:
        self.path = model_path(path)
        self._lib = load_library(library)
        self._lock = threading.Lock()
        self._rec = self._lib.zinnia_recognizer_new()
        if not self._rec:
            raise HandwritingUnavailable("zinnia_recognizer_new failed (out of memory?)")
        if not self._lib.zinnia_recognizer_open(self._rec, os.fsencode(self.path)):
            why = (self._lib.zinnia_recognizer_strerror(self._rec) or b"").decode("utf-8", "replace")
            self._lib.zinnia_recognizer_destroy(self._rec)
            self._rec = None
            raise HandwritingUnavailable(
                f"zinnia cannot open model {self.path}: {why or 'unknown error'}; reinstall the Debian "
                f"package {MODEL_PACKAGE} or point {MODEL_ENV} at a zinnia .model file")

    @property
    def size(self) -> int:
        """How many characters the model knows; 0 would mean a broken model."""
        with self._lock:
            self._check_open()
            return int(self._lib.zinnia_recognizer_size(self._rec))

    def classify(self, strokes: list[list[tuple[int, int]]], width: int, height: int,
                 nbest: int) -> list[tuple[str, float]]:
        """Strokes already in the model's canvas (integer points) -> up to nbest (character, score)."""
        if nbest <= 0 or not strokes:
            return []
        lib = self._lib
        with self._lock:
            self._check_open()
            char = lib.zinnia_character_new()
            if not char:
                raise MemoryError("zinnia_character_new failed")
            try:
                lib.zinnia_character_set_width(char, width)
                lib.zinnia_character_set_height(char, height)
                for sid, stroke in enumerate(strokes):
                    for x, y in stroke:
                        if not lib.zinnia_character_add(char, sid, int(x), int(y)):
                            raise ValueError(f"zinnia refused point ({x}, {y}) of stroke {sid}")
                result = lib.zinnia_recognizer_classify(self._rec, char, nbest)
                if not result:
                    return []
                try:
                    out = []
                    for i in range(lib.zinnia_result_size(result)):
                        value = lib.zinnia_result_value(result, i)
                        if value:
                            out.append((value.decode("utf-8", "replace"),
                                        float(lib.zinnia_result_score(result, i))))
                    return out
                finally:
                    lib.zinnia_result_destroy(result)
            finally:
                lib.zinnia_character_destroy(char)

    def _check_open(self) -> None:
        if not self._rec:
            raise HandwritingUnavailable("the zinnia model was closed")

    def close(self) -> None:
        """Free the recognizer (the model is memory-mapped: 26 MB of address space)."""
        with self._lock:
            if self._rec:
                self._lib.zinnia_recognizer_destroy(self._rec)
                self._rec = None

    def __enter__(self) -> ZinniaModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
