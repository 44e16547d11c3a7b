#!/usr/bin/env bash
# demo-booking.sh — a ticket going new → dispatching → scheduled with a simulated vendor, and
# another escalating because every vendor declined, with their timelines. Embedded: needs nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bash scripts/with-node.sh node --disable-warning=TimeoutNegativeWarning scripts/demo/booking.ts
