#!/usr/bin/python3
"""A loopback HTTP receiver for the store-and-handoff examples (standard library only).

    handoff_receiver.py [--runs N] [--token T] -- PROGRAM ARG... {url} ARG...

Listens on 127.0.0.1 on a port the kernel picks, replaces the argument "{url}" with
http://127.0.0.1:PORT/intake, runs PROGRAM N times (default 1) and checks that:
each run exits 0 and prints "record: <32 hex>" (a new id each run) and "status: valid";
the receiver got exactly one POST per printed id (so nothing was sent twice), each
with that id as Idempotency-Key and as the body's "id", and the bearer token when
--token is given (it is passed to the program as $DOCINTAKE_HANDOFF_TOKEN); and no
value of the record's fields appears in what the program printed.
Exit 0 when all holds (the program's output is then echoed); 1 with the reason otherwise.
"""

import argparse
import http.server
import json
import os
import re
import subprocess
import sys
import threading


class Receiver(http.server.BaseHTTPRequestHandler):
    received = []
    lock = threading.Lock()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with self.lock:
            self.received.append({"path": self.path, "key": self.headers.get("Idempotency-Key", ""),
                                  "authorization": self.headers.get("Authorization", ""), "body": body})
        reply = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):  # the default logs every request on stderr
        pass


def fail(message):
    print("handoff_receiver: " + message)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--token")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or "{url}" not in command:
        fail("give the program and its arguments after --, one of them {url}")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = "http://127.0.0.1:%d/intake" % server.server_address[1]
    env = dict(os.environ)
    env.pop("DOCINTAKE_HANDOFF_TOKEN", None)
    if args.token:
        env["DOCINTAKE_HANDOFF_TOKEN"] = args.token

    ids, printed = [], ""
    try:
        for run in range(args.runs):
            done = subprocess.run([url if a == "{url}" else a for a in command], env=env, capture_output=True,
                                  text=True, timeout=120)
            printed += done.stdout + done.stderr
            if done.returncode != 0:
                fail("run %d exited %d: %s" % (run + 1, done.returncode, done.stderr.strip()))
            found = re.search(r"^record: ([0-9a-f]{32})$", done.stdout, re.M)
            if not found or not re.search(r"^status: valid$", done.stdout, re.M):
                fail("run %d printed no record id and valid status" % (run + 1))
            if found.group(1) in ids:
                fail("run %d printed an id of an earlier run" % (run + 1))
            ids.append(found.group(1))
    finally:
        server.shutdown()
        server.server_close()

    received = Receiver.received
    if len(received) != len(ids):
        fail("received %d records for %d printed ids" % (len(received), len(ids)))
    for record_id in ids:
        matching = [r for r in received if r["key"] == record_id]
        if len(matching) != 1:
            fail("record %s received %d times" % (record_id, len(matching)))
        request = matching[0]
        record = json.loads(request["body"])
        if record.get("id") != record_id or request["path"] != "/intake":
            fail("record %s: the body's id or the path is not the record's" % record_id)
        if args.token and request["authorization"] != "Bearer " + args.token:
            fail("record %s came without the bearer token" % record_id)
        for name, field in record.get("fields", {}).items():
            value = str(field.get("value", ""))
            if name not in ("document_code", "sex", "issuing_state", "nationality") and len(value) >= 3 \
                    and value in printed:
                fail("the program printed the record's %s" % name)
    # Echoed only now that it is known to hold none of the record's fields.
    sys.stdout.write(printed)
    print("handoff_receiver: %d record(s) received once each, ids as printed" % len(ids))


if __name__ == "__main__":
    main()
