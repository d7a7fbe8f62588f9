"""open_camera(url): /dev/video0, v4l2:///dev/video0?width=1920&height=1080, sim://?files=a.jpg,b.jpg."""
from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from .interface import Camera, CameraError
from .opencv_camera import OpenCVCamera
from .simulated import SimCamera

EXAMPLES = ("/dev/video0, v4l2:///dev/video0?width=1920&height=1080&fps=15, sim://?files=a.jpg,b.jpg, "
            "sim://?video=x.mp4&fps=10, sim://?scenes=6&seed=1&disconnect=50")
ALLOWED = {"v4l2": {"width", "height", "fps"},
           "sim": {"files", "video", "scenes", "seed", "fps", "disconnect", "black", "frozen"}}
INTS = {"width", "height", "scenes", "seed", "disconnect", "black", "frozen"}


def _params(url: str, query: str, scheme: str) -> dict[str, object]:
    raw = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    unknown = set(raw) - ALLOWED[scheme]
    if unknown:
        raise CameraError("bad_url", f"camera URL {url}: unknown option(s) {', '.join(sorted(unknown))} "
                                     f"(allowed: {', '.join(sorted(ALLOWED[scheme]))})")
    out: dict[str, object] = {}
    for k, v in raw.items():
        try:
            out[k] = int(v) if k in INTS else float(v) if k == "fps" else v
        except ValueError:
            raise CameraError("bad_url", f"camera URL {url}: {k}={v!r} is not a number") from None
    return out


def open_camera(url: str, connect: bool = True) -> Camera:
    """The camera a configuration string names; with connect=True a missing device raises now.

    Nothing falls back to the simulator: a kiosk configured for /dev/video0 without a camera says so.
    """
    if url.startswith("/"):
        url = "v4l2://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED:
        raise CameraError("bad_url", f"camera URL {url!r}: unknown scheme; use one of {EXAMPLES}")
    params = _params(url, parts.query, scheme)
    cam: Camera
    if scheme == "v4l2":
        device = unquote(parts.netloc + parts.path) if parts.netloc not in ("", "localhost") \
            else unquote(parts.path)
        if not device:
            raise CameraError("bad_url", f"camera URL {url}: expected v4l2:///dev/video0")
        cam = OpenCVCamera(url, device, params.get("width"), params.get("height"),  # type: ignore[arg-type]
                           params.get("fps"))  # type: ignore[arg-type]
    else:
        files = [f for f in str(params.pop("files", "")).split(",") if f]
        cam = SimCamera(url, files=files, **params)  # type: ignore[arg-type]
    if connect:
        cam.open()
    return cam
