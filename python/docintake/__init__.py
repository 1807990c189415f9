"""docintake for Python: reads identity documents' MRZ (ctypes over libdocintake_c).

    import docintake
    frame = docintake.load_image("passport.jpg")      # or any HxW / HxWx3 / HxWx4 uint8 numpy array
    result = docintake.read(frame)                     # dict, as `docintake read` prints it
    if result["mrz"] and result["mrz"]["valid"]:
        print(result["mrz"]["document_number"])
    docintake.parse(["P<UTO...", "L898902C3..."])      # dict of the fields, no OCR

For many frames keep a Reader (it loads the OCR model once); a Reader is used by
one thread at a time. Results hold personal data: handle them as the document.
A read keeps Tesseract's OpenMP threads away by itself (a per-thread setting);
nothing needs to be set in the environment.

The library is found at $DOCINTAKE_C_LIBRARY, else beside the installed package,
else by the system's loader (libdocintake_c.so.0).
"""

import ctypes
import json
import os
import threading

import numpy as np

__all__ = ["DocintakeError", "Reader", "Store", "read", "parse", "load_image", "version"]

_OK = 0
_NOT_AN_MRZ = 4
_PIXEL_FORMATS = {"GRAY": 0, "RGB": 1, "BGR": 2, "RGBA": 3, "BGRA": 4}


class DocintakeError(Exception):
    """A dit_status other than DIT_OK; .status is its number."""

    def __init__(self, status, text):
        super().__init__(text)
        self.status = status


class _Image(ctypes.Structure):
    _fields_ = [("data", ctypes.POINTER(ctypes.c_uint8)), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("stride", ctypes.c_int), ("format", ctypes.c_int)]


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


def version():
    """The library's version, e.g. "0.1.0"."""
    return _lib.dit_version().decode()


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


class Reader:
    """An MRZ reader holding one OCR engine. One thread at a time; create one per thread."""

    def __init__(self, model_dir=None):
        self._handle = None
        handle = ctypes.c_void_p()
        _check(_lib.dit_reader_new(model_dir.encode() if model_dir else None, ctypes.byref(handle)))
        self._handle = handle

    def read(self, pixels, pixel_format=None, source=""):
        """Reads one frame (numpy uint8, BGR by default for 3 channels) -> dict as `docintake read`."""
        if self._handle is None:
            raise ValueError("the reader is closed")
        image, keep = _image_of(pixels, pixel_format)
        out = ctypes.c_void_p()
        _check(_lib.dit_reader_read_json(self._handle, ctypes.byref(image), source.encode(), ctypes.byref(out)))
        del keep
        return _take_json(out)

    def close(self):
        if self._handle is not None:
            _lib.dit_reader_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


class Store:
    """The encrypted record store (docs/records.md). One thread at a time per Store.

        with docintake.Store("/var/lib/intake", key_hex=None) as store:   # key: <dir>/store.key
            record_id = store.add_reading(reader, consent_language="ar")    # reader's last reading, if valid
            record = store.get(record_id)
    """

    def __init__(self, directory, create=True, key_hex=None):
        self._handle = None
        handle = ctypes.c_void_p()
        _check(_lib.dit_store_open(os.fsencode(directory), 1 if create else 0,
                                   key_hex.encode() if key_hex else None, ctypes.byref(handle)))
        self._handle = handle

    def _open_handle(self):
        if self._handle is None:
            raise ValueError("the store is closed")
        return self._handle

    def add_reading(self, reader, consent_language):
        """Stores the reader's last reading (it must be valid); the person agreed after a notice
        in consent_language (BCP 47, e.g. "ar"). Returns the record id."""
        record_id = ctypes.create_string_buffer(33)
        _check(_lib.dit_store_add_reading(self._open_handle(), reader._handle, consent_language.encode(), record_id))
        return record_id.value.decode()

    def add_mrz(self, lines, consent_language):
        """Stores a record of MRZ text that passes every check. Returns the record id."""
        text = lines if isinstance(lines, str) else "\n".join(lines)
        record_id = ctypes.create_string_buffer(33)
        _check(_lib.dit_store_add_mrz(self._open_handle(), text.encode(), consent_language.encode(), record_id))
        return record_id.value.decode()

    def get(self, record_id):
        """The record as a dict (docs/schemas/intake-record.v1.json)."""
        out = ctypes.c_void_p()
        _check(_lib.dit_store_get_json(self._open_handle(), record_id.encode(), ctypes.byref(out)))
        return _take_json(out)

    def close(self):
        if self._handle is not None:
            _lib.dit_store_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


_per_thread = threading.local()


def read(pixels, pixel_format=None, source=""):
    """Reads one frame with this thread's reader (made on first use) -> dict as `docintake read`."""
    reader = getattr(_per_thread, "reader", None)
    if reader is None:
        reader = _per_thread.reader = Reader()
    return reader.read(pixels, pixel_format, source)


def parse(lines):
    """Parses MRZ text (a string of lines or a list of them) -> dict of fields.
    Raises DocintakeError when the text has no MRZ's shape; dict["valid"] says if all checks pass."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    out = ctypes.c_void_p()
    _check(_lib.dit_parse_json(text.encode(), ctypes.byref(out)))
    return _take_json(out)


def load_image(path):
    """Decodes an image file (JPEG, PNG, ...) into an HxWx3 BGR numpy array."""
    image = _Image()
    _check(_lib.dit_image_load(os.fsencode(path), ctypes.byref(image)))
    try:
        size = image.stride * image.height
        flat = np.ctypeslib.as_array(image.data, shape=(size,)).copy()
        return flat.reshape(image.height, image.stride)[:, : image.width * 3].reshape(image.height, image.width, 3)
    finally:
        _lib.dit_image_free(ctypes.byref(image))
