#!/usr/bin/env python3
"""A fake insurer for bench/claims.sh: answers Claim/$submit with a ClaimResponse, fails a given
share of calls with HTTP 500, and counts the Idempotency-Keys it took (GET /stats)."""
import json
import random
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAIL = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
lock = threading.Lock()
taken = {}      # idempotency key -> times taken (200 answers)
failed = [0]

ANSWER = json.dumps({"resourceType": "ClaimResponse", "status": "active",
                     "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
                     "use": "claim", "patient": {"display": "p"}, "created": "2026-11-27", "insurer": {"display": "fake"},
                     "outcome": "complete"}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        key = self.headers.get("Idempotency-Key", "")
        if random.random() < FAIL:
            with lock:
                failed[0] += 1
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with lock:
            taken[key] = taken.get(key, 0) + 1
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def do_GET(self):
        with lock:
            body = json.dumps({"keys": len(taken), "answers": sum(taken.values()),
                               "repeated_keys": sum(1 for v in taken.values() if v > 1), "failed": failed[0]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
