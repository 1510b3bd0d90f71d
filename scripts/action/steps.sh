#!/usr/bin/env bash
# The shell steps of the composite action in action.yml, one subcommand per step:
#   key       writes `key=<cache key>` to $GITHUB_OUTPUT: the runner's OS and CPU and a hash
#             of everything the binary is built from (Cargo.lock, sources, protos, templates)
#   install   cargo install --locked from the action's folder into ~/.planton-gen-action,
#             unless the cache step restored it; puts its bin/ on $GITHUB_PATH
#   validate  planton-gen validate $PLANTON_ARGS $PLANTON_MANIFESTS
#   check     with $PLANTON_OUT: planton-gen $PLANTON_TARGET -o $PLANTON_OUT --check
#             --error-format github $PLANTON_ARGS $PLANTON_CHECK_ARGS $PLANTON_MANIFESTS
# Inputs arrive in environment variables (never spliced into the script), lists split on
# whitespace. scripts/action/test runs these steps from action.yml as a runner does.
set -euo pipefail
action="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this from action.yml}"
root="${PLANTON_INSTALL_ROOT:-$HOME/.planton-gen-action}"

words() { # words VALUE: VALUE split on spaces, tabs and newlines, into the array `split`
  split=()
  read -r -d '' -a split <<<"$1" || true
}

case "${1:-}" in
  key)
    hash="$(cd "$action" && find Cargo.toml Cargo.lock build.rs src proto templates -type f -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)"
    echo "key=planton-gen-${RUNNER_OS:-$(uname -s)}-$(uname -m)-$hash" >>"${GITHUB_OUTPUT:?}"
    ;;
  install)
    if [ "${PLANTON_CACHE_HIT:-}" = "true" ] && [ -x "$root/bin/planton-gen" ]; then
      echo "planton-gen restored from the cache"
    else
      if ! command -v cargo >/dev/null 2>&1; then
        echo "::error title=planton-gen::cargo not found: add a step that installs Rust 1.89 or newer (e.g. dtolnay/rust-toolchain) before this action"
        exit 1
      fi
      cargo install --locked --quiet --root "$root" --path "$action"
    fi
    echo "$root/bin" >>"${GITHUB_PATH:?}"
    "$root/bin/planton-gen" --version
    ;;
  validate)
    words "${PLANTON_ARGS:-}"; args=("${split[@]}")
    words "${PLANTON_MANIFESTS:-.}"; manifests=("${split[@]}")
    planton-gen validate --error-format github "${args[@]}" "${manifests[@]}"
    ;;
  check)
    if [ -z "${PLANTON_OUT:-}" ]; then
      echo "no \`out\` input: nothing to compare"
      exit 0
    fi
    words "${PLANTON_ARGS:-}"; args=("${split[@]}")
    words "${PLANTON_CHECK_ARGS:-}"; check_args=("${split[@]}")
    words "${PLANTON_MANIFESTS:-.}"; manifests=("${split[@]}")
    planton-gen "${PLANTON_TARGET:-all}" -o "$PLANTON_OUT" --check --error-format github \
      "${args[@]}" "${check_args[@]}" "${manifests[@]}"
    ;;
  *)
    echo "usage: steps.sh key|install|validate|check" >&2
    exit 2
    ;;
esac
