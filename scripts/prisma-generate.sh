#!/usr/bin/env bash
# Generates the Prisma client into generated/prisma when schema.prisma changed since the last run.
# Works offline: `prisma generate` needs no schema engine, but the CLI looks for one at start-up,
# so point it at any existing file unless the caller set a real one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=generated/prisma/.schema-sha256
want=$(cat prisma/schema.prisma package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && "${1:-}" != "--force" ]]; then
  exit 0
fi
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
log=$(mktemp)
node node_modules/prisma/build/index.js generate >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log"
echo "$want" >"$stamp"
