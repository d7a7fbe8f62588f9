"""open_camera(url): /dev/video0, v4l2:///dev/video0?width=1920&height=1080, sim://?files=a.jpg,b.jpg."""
from __future__ import annotations

from devices.urls import DeviceUrl, DeviceUrlError, parse_device_url

from .interface import Camera, CameraError
from .opencv_camera import OpenCVCamera
from .simulated import SimCamera

EXAMPLES = ("/dev/video0, v4l2:///dev/video0?width=1920&height=1080&fps=15, sim://?files=a.jpg,b.jpg, "
            "sim://?video=x.mp4&fps=10, sim://?scenes=6&seed=1&disconnect=50")
INTS = {"width", "height", "scenes", "seed", "disconnect", "black", "frozen"}


def _params(u: DeviceUrl) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in u.params.items():
        out[k] = u.number(k, None, int) if k in INTS else u.number(k, None, float) if k == "fps" else v
    return out


def open_camera(url: str, connect: bool = True) -> Camera:
    """The camera a configuration string names; with connect=True a missing device raises now.

    Nothing falls back to the simulator: a kiosk configured for /dev/video0 without a camera says so.
    """
    try:
        u = parse_device_url(url, "camera", EXAMPLES)
        params = _params(u)
    except DeviceUrlError as exc:
        raise CameraError("bad_url", str(exc)) from None
    cam: Camera
    if u.scheme == "v4l2":
        device = u.path
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
