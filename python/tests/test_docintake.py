"""The Python binding against the real libdocintake_c and a bundled camera frame.
Run: DOCINTAKE_C_LIBRARY=build/lib/libdocintake_c.so.0 PYTHONPATH=python /usr/bin/python3 python/tests/test_docintake.py
(ctest runs it as python_binding_test; tests/install runs it against an installed prefix)."""

import os
import tempfile
import threading
import unittest

import numpy as np

import docintake

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMES = os.environ.get("DOCINTAKE_FRAMES", os.path.join(HERE, "..", "..", "examples", "data", "frames"))
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


if __name__ == "__main__":
    unittest.main()
