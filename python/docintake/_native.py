"""The C library under the binding: loading libdocintake_c, its structs and signatures,
status checks and numpy images (docintake/c.h). Internal: use the package's public names."""

import ctypes
import json
import os

import numpy as np

_OK = 0
_BUSY = 12
_SCAN_STATES = {0: "searching", 1: "reading", 2: "done", 3: "failed"}
_PIXEL_FORMATS = {"GRAY": 0, "RGB": 1, "BGR": 2, "RGBA": 3, "BGRA": 4}


class DocintakeError(Exception):
    """A dit_status other than DIT_OK; .status is its number."""

    def __init__(self, status, text):
        super().__init__(text)
        self.status = status


class _Image(ctypes.Structure):
    _fields_ = [("data", ctypes.POINTER(ctypes.c_uint8)), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("stride", ctypes.c_int), ("format", ctypes.c_int)]


class _MrzResult(ctypes.Structure):
    _fields_ = [("found", ctypes.c_int), ("valid", ctypes.c_int), ("status", ctypes.c_char * 16),
                ("feedback", ctypes.c_char * 24), ("format", ctypes.c_char * 16), ("document_code", ctypes.c_char * 4),
                ("issuing_state", ctypes.c_char * 4), ("nationality", ctypes.c_char * 4),
                ("document_number", ctypes.c_char * 32), ("surname", ctypes.c_char * 64),
                ("given_names", ctypes.c_char * 64), ("birth_date", ctypes.c_char * 16),
                ("expiry_date", ctypes.c_char * 16), ("sex", ctypes.c_char * 4), ("optional_data", ctypes.c_char * 32),
                ("confidence", ctypes.c_double)]


class _ScanUpdate(ctypes.Structure):
    _fields_ = [("state", ctypes.c_int), ("feedback", ctypes.c_char * 24), ("reason", ctypes.c_char * 96),
                ("frames_used", ctypes.c_int), ("frames_seen", ctypes.c_int), ("confidence", ctypes.c_double),
                ("mrz", _MrzResult)]


class _ScannerOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("model_dir", ctypes.c_char_p),
                ("min_agreeing_frames", ctypes.c_int), ("max_frames", ctypes.c_int), ("min_confidence", ctypes.c_double)]


class _HandoffOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t)] + \
               [(name, ctypes.c_char_p) for name in ("bearer_token", "ca_file", "client_cert", "client_key", "username",
                                                     "password", "client_id")] + \
               [(name, ctypes.c_int) for name in ("connect_timeout_ms", "timeout_ms", "deadline_ms", "wait_for_backoff",
                                                  "base_delay_ms", "max_delay_ms")]


class _HandoffReport(ctypes.Structure):
    _fields_ = [(name, ctypes.c_int) for name in ("attempted", "delivered", "failed", "remaining", "outbox_pending",
                                                  "outbox_delivered", "outbox_failed")] + \
               [("last_error", ctypes.c_char * 64)]


def _library_candidates():
    explicit = os.environ.get("DOCINTAKE_C_LIBRARY")
    if explicit:
        return [explicit]
    candidates = []
    try:
        from ._library_path import RELATIVE_LIBRARY  # written by `cmake --install`
        candidates.append(os.path.normpath(os.path.join(os.path.dirname(__file__), RELATIVE_LIBRARY)))
    except ImportError:
        pass
    candidates.append("libdocintake_c.so.0")
    return candidates


def _load():
    errors = []
    for path in _library_candidates():
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append(str(e))
    else:
        raise ImportError("libdocintake_c not found (set DOCINTAKE_C_LIBRARY): " + "; ".join(errors))
    signatures = {
        "dit_version": (ctypes.c_char_p, []),
        "dit_error_string": (ctypes.c_char_p, [ctypes.c_int]),
        "dit_reader_new": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
        "dit_reader_free": (None, [ctypes.c_void_p]),
        "dit_reader_read_json": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(_Image), ctypes.c_char_p,
                                                ctypes.POINTER(ctypes.c_void_p)]),
        "dit_parse_json": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
        "dit_image_load": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(_Image)]),
        "dit_image_free": (None, [ctypes.POINTER(_Image)]),
        "dit_string_free": (None, [ctypes.c_void_p]),
        "dit_store_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                          ctypes.POINTER(ctypes.c_void_p)]),
        "dit_store_free": (None, [ctypes.c_void_p]),
        "dit_store_add_reading": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]),
        "dit_store_add_mrz": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]),
        "dit_store_get_json": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
        "dit_store_add_scan": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]),
        "dit_store_outbox_json": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
        "dit_scanner_options_init": (None, [ctypes.POINTER(_ScannerOptions)]),
        "dit_scanner_new": (ctypes.c_int, [ctypes.POINTER(_ScannerOptions), ctypes.POINTER(ctypes.c_void_p)]),
        "dit_scanner_free": (None, [ctypes.c_void_p]),
        "dit_scanner_push": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(_Image), ctypes.POINTER(_ScanUpdate)]),
        "dit_scanner_finish": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(_ScanUpdate)]),
        "dit_scanner_reset": (ctypes.c_int, [ctypes.c_void_p]),
        "dit_handoff_options_init": (None, [ctypes.POINTER(_HandoffOptions)]),
        "dit_handoff_send": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(_HandoffOptions),
                                            ctypes.POINTER(_HandoffReport)]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


_lib = _load()


def _check(status):
    if status != _OK:
        raise DocintakeError(status, _lib.dit_error_string(status).decode())


def _take_json(pointer):
    """Parses a JSON string the library allocated, then frees it."""
    try:
        return json.loads(ctypes.string_at(pointer.value).decode("utf-8"))
    finally:
        _lib.dit_string_free(pointer)


def _image_of(array, pixel_format):
    if not isinstance(array, np.ndarray) or array.dtype != np.uint8:
        raise TypeError("a numpy array of uint8 pixels is wanted")
    if array.ndim == 2:
        channels, default = 1, "GRAY"
    elif array.ndim == 3 and array.shape[2] in (1, 3, 4):
        channels = array.shape[2]
        default = {1: "GRAY", 3: "BGR", 4: "BGRA"}[channels]
    else:
        raise ValueError("pixels must be HxW, HxWx3 or HxWx4")
    name = (pixel_format or default).upper()
    if name not in _PIXEL_FORMATS or {"GRAY": 1, "RGB": 3, "BGR": 3, "RGBA": 4, "BGRA": 4}[name] != channels:
        raise ValueError("pixel format %s does not fit %d channel(s)" % (name, channels))
    # Rows may be padded (a crop of a bigger image); pixels within a row must be packed.
    if array.strides[-1] != 1 or (array.ndim == 3 and array.strides[1] != channels) or array.strides[0] < 0:
        array = np.ascontiguousarray(array)
    image = _Image(array.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), array.shape[1], array.shape[0],
                   array.strides[0], _PIXEL_FORMATS[name])
    return image, array  # the array keeps the pixels alive while the image is used
