#!/usr/bin/env python3
"""The demo's billing back-end for the reference IVR's bill lookup (and for trying the
IVR's failure path): GET /balance?account=N (or ?ani=N) answers
{"balance": {"amount": ..., "currency": "CNY"}}, the amount derived from the number, when
the bearer token of examples/reference-center.yaml comes with it (401 otherwise).
Faults on purpose: /broken answers 500, /slow answers after 5 s, /garbage answers text
that is not JSON. With LOG, every request is appended to it as "PATH?QUERY AUTHORIZATION".

    examples/billing-service.py [PORT [LOG]]      (127.0.0.1, port 8091 by default)
"""
import http.server
import json
import sys
import time
import urllib.parse

TOKEN = "Bearer demo-billing-token"
port = int(sys.argv[1]) if len(sys.argv) > 1 else 8091
log = sys.argv[2] if len(sys.argv) > 2 else None


class Billing(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if log:
            with open(log, "a") as f:
                f.write(f"{self.path} {self.headers.get('Authorization', '-')}\n")
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        number = (query.get("account") or query.get("ani") or [""])[0]
        if url.path == "/slow":
            time.sleep(5)
        if url.path == "/broken":
            return self.answer(500, b'{"error": "down"}')
        if url.path == "/garbage":
            return self.answer(200, b"<html>not json</html>")
        if self.headers.get("Authorization") != TOKEN:
            return self.answer(401, b'{"error": "unauthorized"}')
        if url.path not in ("/balance", "/slow") or not number.isdigit():
            return self.answer(404, b'{"error": "no such account"}')
        cents = int(number) % 50000 + 1000
        balance = {"account": number, "amount": cents / 100, "currency": "CNY"}
        self.answer(200, json.dumps({"balance": balance}).encode())

    def answer(self, status, data):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Billing).serve_forever()
