"""The Python binding against the real libdocintake_c and a bundled camera frame.
Run: DOCINTAKE_C_LIBRARY=build/lib/libdocintake_c.so.0 PYTHONPATH=python /usr/bin/python3 python/tests/test_docintake.py
(ctest runs it as python_binding_test; tests/install runs it against an installed prefix)."""

import http.server
import json
import os
import tempfile
import threading
import unittest

import numpy as np

import docintake

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMES = os.environ.get("DOCINTAKE_FRAMES", os.path.join(HERE, "..", "..", "examples", "data", "frames"))
SEQUENCE = os.path.join(os.path.dirname(os.path.abspath(FRAMES)), "sequence")
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]


class ParseTest(unittest.TestCase):
    def test_fields(self):
        fields = docintake.parse(TD3)
        self.assertTrue(fields["valid"])
        self.assertEqual(fields["format"], "TD3")
        self.assertEqual(fields["surname"], "ERIKSSON")
        self.assertEqual(fields["document_number"], "L898902C3")
        self.assertEqual(docintake.parse("\n".join(TD3))["given_names"], "ANNA MARIA")

    def test_failed_check_and_not_an_mrz(self):
        broken = [TD3[0], TD3[1][:9] + "7" + TD3[1][10:]]
        self.assertFalse(docintake.parse(broken)["valid"])
        with self.assertRaises(docintake.DocintakeError) as caught:
            docintake.parse("HELLO")
        self.assertEqual(caught.exception.status, 4)


class ReadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.frame = docintake.load_image(os.path.join(FRAMES, "camera_090001.jpg"))

    def test_version(self):
        self.assertRegex(docintake.version(), r"^\d+\.\d+\.\d+$")

    def test_load_image(self):
        self.assertEqual(self.frame.shape, (720, 1280, 3))
        self.assertEqual(self.frame.dtype, np.uint8)
        with self.assertRaises(docintake.DocintakeError):
            docintake.load_image(os.path.join(FRAMES, "truth.jsonl"))

    def test_read_numpy_bgr(self):
        result = docintake.read(self.frame, source="camera_090001.jpg")
        self.assertEqual(result["source"], "camera_090001.jpg")
        self.assertEqual(result["mrz"]["status"], "valid")
        self.assertTrue(result["mrz"]["valid"])
        self.assertEqual(result["mrz"]["document_number"], "11IL8VZK9")

    def test_read_rgb_gray_and_a_padded_crop(self):
        with docintake.Reader() as reader:
            rgb = np.ascontiguousarray(self.frame[:, :, ::-1])
            self.assertEqual(reader.read(rgb, "RGB")["mrz"]["document_number"], "11IL8VZK9")
            gray = (self.frame.astype(np.uint16).sum(axis=2) // 3).astype(np.uint8)
            self.assertEqual(reader.read(gray)["mrz"]["document_number"], "11IL8VZK9")
            padded = np.zeros((720, 1400, 3), np.uint8)
            padded[:, :1280] = self.frame
            crop = padded[:, :1280]  # rows 1400*3 bytes apart: passed with its stride
            self.assertFalse(crop.flags["C_CONTIGUOUS"])
            self.assertEqual(reader.read(crop)["mrz"]["document_number"], "11IL8VZK9")
            blank = np.full((480, 640), 255, np.uint8)
            self.assertIsNone(reader.read(blank)["mrz"])

    def test_bad_arrays(self):
        with self.assertRaises(TypeError):
            docintake.read(self.frame.astype(np.float32))
        with self.assertRaises(ValueError):
            docintake.read(self.frame, "GRAY")
        with self.assertRaises(docintake.DocintakeError):
            docintake.read(np.zeros((0, 10), np.uint8))

    def test_missing_model(self):
        with self.assertRaises(docintake.DocintakeError) as caught:
            docintake.Reader("/nonexistent-docintake-models")
        self.assertEqual(caught.exception.status, 3)

    def test_one_reader_per_thread(self):
        found = []

        def work():
            found.append(docintake.read(self.frame)["mrz"]["document_number"])

        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(found, ["11IL8VZK9", "11IL8VZK9"])


class StoreTest(unittest.TestCase):
    def test_store_a_reading_and_typed_lines(self):
        frame = docintake.load_image(os.path.join(FRAMES, "camera_090001.jpg"))
        with tempfile.TemporaryDirectory() as folder, docintake.Reader() as reader:
            directory = os.path.join(folder, "store")
            with docintake.Store(directory) as store:
                with self.assertRaises(docintake.DocintakeError) as caught:
                    store.add_reading(reader, "ar")  # nothing read yet
                self.assertEqual(caught.exception.status, 11)
                self.assertTrue(reader.read(frame)["mrz"]["valid"])
                read_id = store.add_reading(reader, "ar")
                typed_id = store.add_mrz(TD3, "fa")
                self.assertEqual(len(read_id), 32)
                self.assertNotEqual(read_id, typed_id)
            with docintake.Store(directory, create=False) as store:
                record = store.get(read_id)
                self.assertEqual(record["id"], read_id)
                self.assertIn("11IL8VZK9", str(record))
                self.assertEqual(store.get(typed_id)["consent"]["language"], "fa")
                with self.assertRaises(docintake.DocintakeError) as caught:
                    store.get("0" * 32)
                self.assertEqual(caught.exception.status, 8)


class ScannerTest(unittest.TestCase):
    def test_sequence_to_done_then_a_record(self):
        frames = [os.path.join(SEQUENCE, "camera_090011_f00%d.jpg" % i) for i in range(6)]
        with docintake.Scanner() as scanner:
            update = None
            for path in frames:
                update = scanner.push(docintake.load_image(path))
                if update["state"] in ("done", "failed"):
                    break
                self.assertTrue(update["mrz"] is None or not update["mrz"]["valid"])
            if update["state"] not in ("done", "failed"):
                update = scanner.finish()
            self.assertEqual(update["state"], "done")
            self.assertTrue(update["mrz"]["valid"])
            self.assertEqual(update["mrz"]["document_number"], "1P0332679")
            with tempfile.TemporaryDirectory() as folder, docintake.Store(os.path.join(folder, "s")) as store:
                record_id = store.add_scan(scanner, "uk")
                self.assertEqual(store.get(record_id)["fields"]["document_number"]["value"], "1P0332679")
                scanner.reset()
                with self.assertRaises(docintake.DocintakeError) as caught:
                    store.add_scan(scanner, "uk")  # nothing agreed since the reset
                self.assertEqual(caught.exception.status, 11)

    def test_bad_frames_and_no_frames(self):
        with docintake.Scanner() as scanner:
            with self.assertRaises(docintake.DocintakeError) as caught:
                scanner.push(np.zeros((0, 10), np.uint8))
            self.assertEqual(caught.exception.status, 2)
            update = scanner.finish()
            self.assertEqual(update["state"], "failed")
            self.assertIsNone(update["mrz"])
            self.assertEqual(update["frames_seen"], 0)
        with self.assertRaises(docintake.DocintakeError) as caught:
            docintake.Scanner("/nonexistent-docintake-models")
        self.assertEqual(caught.exception.status, 3)


class _Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.received.append((self.headers.get("Idempotency-Key"), self.headers.get("Authorization"), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class HandOffTest(unittest.TestCase):
    def test_delivered_once_to_a_loopback_receiver(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = "http://127.0.0.1:%d/intake" % server.server_address[1]
        try:
            with tempfile.TemporaryDirectory() as folder, docintake.Store(os.path.join(folder, "s")) as store:
                record_id = store.add_mrz(TD3, "en")
                report = store.hand_off(url, bearer_token="py-token", timeout_ms=5000)
                self.assertEqual((report["delivered"], report["remaining"], report["busy"]), (1, 0, False))
                self.assertEqual(store.outbox()[0]["state"], "delivered")
                again = store.hand_off(url, bearer_token="py-token")
                self.assertEqual((again["attempted"], again["outbox_delivered"]), (0, 1))
                with self.assertRaises(docintake.DocintakeError) as caught:
                    store.hand_off("gopher://127.0.0.1/x")
                self.assertEqual(caught.exception.status, 1)
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(len(_Receiver.received), 1)  # the second hand_off sent nothing
        key, authorization, body = _Receiver.received[0]
        self.assertEqual(key, record_id)
        self.assertEqual(authorization, "Bearer py-token")
        self.assertEqual(json.loads(body)["id"], record_id)


if __name__ == "__main__":
    unittest.main()
