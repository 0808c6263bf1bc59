#!/usr/bin/env python3
"""A fake insurer for the claims benchmarks: answers Claim/$submit with a ClaimResponse.

Usage: insurer.py PORT [FAIL] [TIMEOUT] [SLOW] [HANG_SECONDS]
  FAIL     share of calls answered HTTP 500 (nothing processed)
  TIMEOUT  share of calls processed, then answered only after HANG_SECONDS (the caller times out)
  SLOW     share of calls answered after 0.3 s
Like a real insurer it honours Idempotency-Key: a key it already processed is answered again
(a replay), never processed twice. GET /stats: keys processed, replays, 500s, hung answers."""
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAIL = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
TIMEOUT = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
SLOW = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
HANG = float(sys.argv[5]) if len(sys.argv) > 5 else 3.0
lock = threading.Lock()
taken = {}      # idempotency key -> times processed (must stay 1)
stats = {"replays": 0, "failed": 0, "hung": 0, "slow": 0}

ANSWER = json.dumps({"resourceType": "ClaimResponse", "status": "active",
                     "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
                     "use": "claim", "patient": {"display": "p"}, "created": "2026-11-27", "insurer": {"display": "fake"},
                     "outcome": "complete"}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        key = self.headers.get("Idempotency-Key", "")
        roll = random.random()
        if roll < FAIL:
            with lock:
                stats["failed"] += 1
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with lock:
            if key in taken:
                stats["replays"] += 1
            else:
                taken[key] = 1
        if roll < FAIL + TIMEOUT:
            with lock:
                stats["hung"] += 1
            time.sleep(HANG)  # processed, but the answer comes too late for the caller
        elif roll < FAIL + TIMEOUT + SLOW:
            with lock:
                stats["slow"] += 1
            time.sleep(0.3)
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        with lock:
            body = json.dumps({"keys": len(taken), "answers": sum(taken.values()) + stats["replays"],
                               "repeated_keys": sum(1 for v in taken.values() if v > 1), **stats}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a caller that hangs up (a timeout, the app killed) is expected here, not news


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
