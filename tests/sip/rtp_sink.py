#!/usr/bin/env python3
"""Listens for RTP at ADDRESS PORT for SECONDS; prints the packets received and the
payload type most of them carried ("0 -1" when none came)."""
import collections
import socket
import sys
import time

address, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((address, port))
end = time.monotonic() + seconds
types = collections.Counter()
while (left := end - time.monotonic()) > 0:
    sock.settimeout(left)
    try:
        packet = sock.recv(2048)
    except socket.timeout:
        break
    if len(packet) >= 12 and packet[0] >> 6 == 2:
        types[packet[1] & 0x7F] += 1
common = types.most_common(1)
print(sum(types.values()), common[0][0] if common else -1)
