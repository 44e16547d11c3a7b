#!/usr/bin/env bash
# Runs a command with Node >= 22.12 first on PATH, fetching Node 24 into the cache if the machine's
# Node is older. Every npm script goes through here, so `npm start` and `npm test` work either way.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/node-bootstrap.sh"
# kafkajs 2.2.4 trips a harmless Node 24 warning on every start (tulios/kafkajs#1751).
export NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning ${NODE_OPTIONS:-}"
# The Prisma client is generated code (git-ignored): make sure it matches the schema. Fast no-op
# when nothing changed, so a fresh clone's `npm test` or `npm start` just works.
if [[ "${FIXLINE_SKIP_GENERATE:-}" != 1 ]]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/prisma-generate.sh"
fi
exec "$@"
