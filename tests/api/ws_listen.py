#!/usr/bin/python3
"""A WebSocket client for the API tests (Debian's python3-websockets, an implementation
independent of the server's): connects to URL, writes every message it receives to OUT,
one per line, as it arrives (with "_received_ms", when), until it is killed or SECONDS have passed.

  ws_listen.py URL OUT [SECONDS=60]

A refused handshake writes "refused STATUS" and exits 1."""
import asyncio
import json
import sys
import time

import websockets


async def listen(url, out, seconds):
    try:
        async with websockets.connect(url, open_timeout=10) as ws:
            with open(out, "a", encoding="utf-8") as f:
                async def read():
                    async for message in ws:
                        # When it arrived (ms since the epoch), for latency checks.
                        event = json.loads(message)
                        event["_received_ms"] = time.time() * 1000
                        f.write(json.dumps(event, ensure_ascii=False) + "\n")
                        f.flush()
                try:
                    await asyncio.wait_for(read(), seconds)
                except asyncio.TimeoutError:
                    pass
                except websockets.exceptions.ConnectionClosed:
                    f.write('{"type": "closed"}\n')
    except websockets.exceptions.InvalidStatusCode as e:
        with open(out, "a", encoding="utf-8") as f:
            f.write(f"refused {e.status_code}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(listen(sys.argv[1], sys.argv[2],
                                float(sys.argv[3]) if len(sys.argv) > 3 else 60)))
