"""The document camera: capture thread, drivers by URL, simulator, page detection, quality, upload JPEG."""
from .autocapture import AutoCapture, Decision
from .geometry import order_corners, page_size, polygon_iou, warp_page
from .images import ImageError, decode_image, load_image
from .interface import Camera, CameraError, Health, HealthState
from .jpeg import EncodedPage, encode_page
from .page_detect import PageDetection, detect_page
from .quality import MESSAGES, Quality, assess, message
from .scenes import Scene, make_scene
from .simulated import SimCamera
from .stream import CameraStream
from .urls import open_camera

__all__ = [
    "AutoCapture", "Decision", "order_corners", "page_size", "polygon_iou", "warp_page",
    "ImageError", "decode_image", "load_image", "Camera", "CameraError", "Health", "HealthState",
    "EncodedPage", "encode_page", "PageDetection", "detect_page", "MESSAGES", "Quality", "assess",
    "message", "Scene", "make_scene", "SimCamera", "CameraStream", "open_camera",
]
