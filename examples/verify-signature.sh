#!/usr/bin/env bash
# Verify an Elements-Webhook-Signature with openssl: verify-signature.sh KEY_FILE BODY_FILE 'sha256=…'
# Exit 0 when it verifies, 1 when not. The body must be the raw bytes as received.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 KEY_FILE BODY_FILE 'sha256=…'" >&2; exit 2; }
key=$(tr -d '\r\n' < "$1")
expected="sha256=$(openssl dgst -sha256 -hmac "$key" -binary < "$2" | base64 | tr -d '\n')"
if [ "$expected" = "$3" ]; then echo "signature ok"; else echo "signature MISMATCH" >&2; exit 1; fi
