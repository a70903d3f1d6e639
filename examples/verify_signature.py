#!/usr/bin/env python3
"""Verify a pollctl / Cloud Elements event notification signature (standard library only).

Receivers get `Elements-Webhook-Signature: sha256=<base64(HMAC-SHA256(key, raw body))>`.
Sign the *raw* body bytes exactly as received: never re-serialize the JSON first.

Usage:
  verify_signature.py KEY_FILE BODY_FILE "sha256=…"      exit 0 if it verifies, 1 if not

In a web framework, the check is the function `verify` below.
"""
import base64
import hashlib
import hmac
import sys


def sign(key: bytes, body: bytes) -> str:
    return "sha256=" + base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def verify(key: bytes, body: bytes, header: str) -> bool:
    # constant-time comparison
    return hmac.compare_digest(sign(key, body), header.strip())


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        key = f.read().rstrip(b"\r\n")
    with open(argv[2], "rb") as f:
        body = f.read()
    if verify(key, body, argv[3]):
        print("signature ok")
        return 0
    print("signature MISMATCH", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
