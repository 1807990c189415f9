"""docintake for Python: reads identity documents' MRZ (ctypes over libdocintake_c).

    import docintake
    frame = docintake.load_image("passport.jpg")      # or any HxW / HxWx3 / HxWx4 uint8 numpy array
    result = docintake.read(frame)                     # dict, as `docintake read` prints it
    if result["mrz"] and result["mrz"]["valid"]:
        print(result["mrz"]["document_number"])
    docintake.parse(["P<UTO...", "L898902C3..."])      # dict of the fields, no OCR

    with docintake.Scanner() as scanner:               # camera frames until the vote is settled
        for frame in frames:
            update = scanner.push(frame)               # dict: state, feedback, reason, mrz ...
            if update["state"] in ("done", "failed"):
                break
    with docintake.Store("/var/lib/intake") as store:  # encrypted records, an outbox
        record_id = store.add_scan(scanner, consent_language="ar")
        report = store.hand_off("https://cms.example/intake", bearer_token=token)

For many frames keep a Reader (it loads the OCR model once); a Reader is used by
one thread at a time. Results hold personal data: handle them as the document.
A read keeps Tesseract's OpenMP threads away by itself (a per-thread setting);
nothing needs to be set in the environment.

The library is found at $DOCINTAKE_C_LIBRARY, else beside the installed package,
else by the system's loader (libdocintake_c.so.0).
"""

import ctypes
import os
import threading

import numpy as np

from ._native import (_BUSY, _OK, _SCAN_STATES, DocintakeError, _HandoffOptions, _HandoffReport, _Image, _lib,
                      _check, _image_of, _ScannerOptions, _ScanUpdate, _take_json)

__all__ = ["DocintakeError", "Reader", "Scanner", "Store", "read", "parse", "load_image", "version"]


def version():
    """The library's version, e.g. "0.1.0"."""
    return _lib.dit_version().decode()


class _Handle:
    """A C handle freed by close(), at the end of a with block, or when collected."""

    _free = None    # the dit_*_free function, set by each subclass
    _what = "handle"

    def __init__(self):
        self._handle = None

    def _open_handle(self):
        if self._handle is None:
            raise ValueError("the %s is closed" % self._what)
        return self._handle

    def close(self):
        if self._handle is not None:
            type(self)._free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


class Reader(_Handle):
    """An MRZ reader holding one OCR engine. One thread at a time; create one per thread."""

    _free = _lib.dit_reader_free
    _what = "reader"

    def __init__(self, model_dir=None):
        super().__init__()
        handle = ctypes.c_void_p()
        _check(_lib.dit_reader_new(model_dir.encode() if model_dir else None, ctypes.byref(handle)))
        self._handle = handle

    def read(self, pixels, pixel_format=None, source=""):
        """Reads one frame (numpy uint8, BGR by default for 3 channels) -> dict as `docintake read`."""
        handle = self._open_handle()
        image, keep = _image_of(pixels, pixel_format)
        out = ctypes.c_void_p()
        _check(_lib.dit_reader_read_json(handle, ctypes.byref(image), source.encode(), ctypes.byref(out)))
        del keep
        return _take_json(out)


def _text(raw):
    return raw.decode("utf-8", "replace")


def _update_of(u):
    """A dit_scan_update as a dict; "mrz" is None until a reading is voted, and its
    "valid" is True only once the state is "done"."""
    mrz = None
    if u.mrz.found:
        mrz = {name: _text(getattr(u.mrz, name)) for name in (
            "status", "format", "document_code", "issuing_state", "nationality", "document_number", "surname",
            "given_names", "birth_date", "expiry_date", "sex", "optional_data")}
        mrz["valid"] = bool(u.mrz.valid)
    return {"state": _SCAN_STATES.get(u.state, "failed"), "feedback": _text(u.feedback), "reason": _text(u.reason),
            "frames_used": u.frames_used, "frames_seen": u.frames_seen, "confidence": u.confidence, "mrz": mrz}


class Scanner(_Handle):
    """Agrees on one MRZ across camera frames (docintake/scanner.h). One thread at a time.

        with docintake.Scanner() as scanner:
            for frame in frames:                      # numpy uint8, BGR by default for 3 channels
                update = scanner.push(frame)
                if update["state"] == "done":         # update["mrz"] is the checked reading
                    break
                if update["state"] == "failed":       # update["reason"] says why; scanner.reset() to retry
                    break

    A frame that cannot be taken (a bad array, a damaged model) raises DocintakeError;
    the votes so far stay."""

    _free = _lib.dit_scanner_free
    _what = "scanner"

    def __init__(self, model_dir=None, min_agreeing_frames=None, max_frames=None, min_confidence=None):
        super().__init__()
        options = _ScannerOptions()
        _lib.dit_scanner_options_init(ctypes.byref(options))
        self._model_dir = model_dir.encode() if model_dir else None  # kept alive while the options are used
        options.model_dir = self._model_dir
        if min_agreeing_frames is not None:
            options.min_agreeing_frames = min_agreeing_frames
        if max_frames is not None:
            options.max_frames = max_frames
        if min_confidence is not None:
            options.min_confidence = min_confidence
        handle = ctypes.c_void_p()
        _check(_lib.dit_scanner_new(ctypes.byref(options), ctypes.byref(handle)))
        self._handle = handle

    def push(self, pixels, pixel_format=None):
        """Reads one frame and votes -> dict: state ("searching", "reading", "done", "failed"),
        feedback, reason, frames_used, frames_seen, confidence, mrz."""
        image, keep = _image_of(pixels, pixel_format)
        update = _ScanUpdate()
        _check(_lib.dit_scanner_push(self._open_handle(), ctypes.byref(image), ctypes.byref(update)))
        del keep
        return _update_of(update)

    def finish(self):
        """The frames ran out: "done" if the vote is valid and confident enough, else "failed"."""
        update = _ScanUpdate()
        _check(_lib.dit_scanner_finish(self._open_handle(), ctypes.byref(update)))
        return _update_of(update)

    def reset(self):
        """Forgets the votes: the next frame starts a new document."""
        _check(_lib.dit_scanner_reset(self._open_handle()))


class Store(_Handle):
    """The encrypted record store (docs/records.md). One thread at a time per Store.

        with docintake.Store("/var/lib/intake", key_hex=None) as store:   # key: <dir>/store.key
            record_id = store.add_reading(reader, consent_language="ar")    # reader's last reading, if valid
            record = store.get(record_id)
    """

    _free = _lib.dit_store_free
    _what = "store"

    def __init__(self, directory, create=True, key_hex=None):
        super().__init__()
        handle = ctypes.c_void_p()
        _check(_lib.dit_store_open(os.fsencode(directory), 1 if create else 0,
                                   key_hex.encode() if key_hex else None, ctypes.byref(handle)))
        self._handle = handle

    def add_reading(self, reader, consent_language):
        """Stores the reader's last reading (it must be valid); the person agreed after a notice
        in consent_language (BCP 47, e.g. "ar"). Returns the record id."""
        record_id = ctypes.create_string_buffer(33)
        _check(_lib.dit_store_add_reading(self._open_handle(), reader._open_handle(), consent_language.encode(), record_id))
        return record_id.value.decode()

    def add_mrz(self, lines, consent_language):
        """Stores a record of MRZ text that passes every check. Returns the record id."""
        text = lines if isinstance(lines, str) else "\n".join(lines)
        record_id = ctypes.create_string_buffer(33)
        _check(_lib.dit_store_add_mrz(self._open_handle(), text.encode(), consent_language.encode(), record_id))
        return record_id.value.decode()

    def add_scan(self, scanner, consent_language):
        """Stores the scanner's agreed reading (its last update must be "done"). Returns the record id."""
        record_id = ctypes.create_string_buffer(33)
        _check(_lib.dit_store_add_scan(self._open_handle(), scanner._open_handle(), consent_language.encode(),
                                       record_id))
        return record_id.value.decode()

    def get(self, record_id):
        """The record as a dict (docs/schemas/intake-record.v1.json)."""
        out = ctypes.c_void_p()
        _check(_lib.dit_store_get_json(self._open_handle(), record_id.encode(), ctypes.byref(out)))
        return _take_json(out)

    def outbox(self):
        """The outbox, oldest first: dicts of id, state ("pending", "delivered", "failed"),
        attempts, times and last_error. No personal data."""
        out = ctypes.c_void_p()
        _check(_lib.dit_store_outbox_json(self._open_handle(), ctypes.byref(out)))
        return _take_json(out)

    def hand_off(self, url, bearer_token=None, ca_file=None, client_cert=None, client_key=None, username=None,
                 password=None, client_id=None, connect_timeout_ms=None, timeout_ms=None, deadline_ms=None):
        """Sends the due pending records to url (http(s)://, mqtt(s)://, file:///folder), at least
        once with the record id as idempotency key -> dict: attempted, delivered, failed,
        remaining, outbox_pending, outbox_delivered, outbox_failed, last_error, busy (another
        sender holds the store: nothing was attempted). Raises DocintakeError for a URL no
        sink takes. Secrets never appear in what it returns or raises."""
        options = _HandoffOptions()
        _lib.dit_handoff_options_init(ctypes.byref(options))
        texts = {"bearer_token": bearer_token, "ca_file": ca_file, "client_cert": client_cert,
                 "client_key": client_key, "username": username, "password": password, "client_id": client_id}
        for name, value in texts.items():
            if value is not None:
                setattr(options, name, os.fsencode(value) if name in ("ca_file", "client_cert", "client_key")
                        else value.encode())
        for name, value in (("connect_timeout_ms", connect_timeout_ms), ("timeout_ms", timeout_ms),
                            ("deadline_ms", deadline_ms)):
            if value is not None:
                setattr(options, name, value)
        report = _HandoffReport()
        status = _lib.dit_handoff_send(self._open_handle(), url.encode(), ctypes.byref(options), ctypes.byref(report))
        if status not in (_OK, _BUSY):
            _check(status)
        result = {name: getattr(report, name) for name, _ in _HandoffReport._fields_ if name != "last_error"}
        result["last_error"] = _text(report.last_error)
        result["busy"] = status == _BUSY
        return result


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
