#!/usr/bin/env bash
# CI job step: run one poll cycle of an instance and fail the job when it does not complete.
#
#   POLLCTL_USER_SECRET, POLLCTL_ORG_SECRET: from the CI secret store (never as flags: they
#   would show in `ps` and in CI logs). POLLCTL_ELEMENT_TOKEN too when INSTANCE is a file
#   without a "token"; a NAME from the local registry (`pollctl instance list`) has its token.
#   POLLCTL_STATE_DIR: keep it in the CI cache so the watermark and dedupe ledger survive
#   between jobs (otherwise every job starts at "now − refresh interval").
#
#   examples/ci-poll.sh instance.json [extra pollctl poll flags…] > events.jsonl
#   examples/ci-poll.sh NAME [extra pollctl poll flags…] > events.jsonl
#
# Exit codes of `pollctl poll --once` (the job fails on any non-zero code):
#   0   every resource completed; events printed (or delivered) and state committed
#   1   runtime failure: network, server 5xx after retries, state file or lock (another
#       pollctl process is polling the same instance on this state directory)
#   3   invalid input: instance JSON, poller configuration, a missing {placeholder} value,
#       an unknown --resource, or a response that is not the expected JSON
#   4   authentication failed (401/403): check the secrets and the instance token
#   5   delivery failed after retries (--forward / --forward-to)
#   130 interrupted (SIGINT/SIGTERM): nothing committed, the next run re-reads the window
# Several failing resources: the highest code wins. No state moves past what was delivered,
# so re-running the job is always safe (receivers dedupe on the deterministic eventId).
set -euo pipefail

instance=${1:?usage: ci-poll.sh INSTANCE.json|NAME [pollctl poll flags…]}
shift

: "${POLLCTL_STATE_DIR:=${CI_PROJECT_DIR:-$PWD}/.pollctl-state}"
export POLLCTL_STATE_DIR

required=(POLLCTL_USER_SECRET POLLCTL_ORG_SECRET)
# A file (or stdin) needs the instance token unless it carries one; a registry NAME has it.
if [ "$instance" = - ] || { [ -e "$instance" ] && ! grep -q '"token"[[:space:]]*:' "$instance"; }; then
  required+=(POLLCTL_ELEMENT_TOKEN)
fi
for var in "${required[@]}"; do
  if [ -z "${!var:-}" ]; then
    echo "ci-poll: $var is not set (add it to the CI secrets)" >&2
    exit 3
  fi
done

status=0
pollctl poll "$instance" --once --timeout 30s --max-retries 5 "$@" || status=$?

case $status in
  0) echo "ci-poll: cycle complete" >&2 ;;
  1) echo "ci-poll: runtime failure (network, server or state); safe to retry" >&2 ;;
  3) echo "ci-poll: invalid instance, configuration or response; fix the input" >&2 ;;
  4) echo "ci-poll: authentication failed; rotate or check the secrets" >&2 ;;
  5) echo "ci-poll: events could not be delivered to the callback URL" >&2 ;;
  130) echo "ci-poll: interrupted" >&2 ;;
  *) echo "ci-poll: pollctl exited with $status" >&2 ;;
esac
exit "$status"
