# Shared by the stubs of tests/doc_sessions.rs: each stub records its command line and
# imitates the part of the real tool that the documented flows rely on.

# record TOOL ARGS...: appends the command line to calls.log beside the stubs.
record() {
  printf '%s\n' "$*" >> "$DOC_STUBS/calls.log"
}

# namespace_id NAME: the id a deployment gives the namespace NAME (any case style:
# myapp-cache-prod, myapp_cache_prod, myappCacheProd). These are the placeholder ids the
# documents show; other names get an id made from the name.
namespace_id() {
  local key
  key=$(printf '%s' "$1" | tr -d '_-' | tr 'A-Z' 'a-z')
  case "$key" in
    myappcacheprod) echo 5b1e0c7d2f8a4e3c9d6b7a8f0e1d2c3b ;;
    myappconfigprod) echo 0f2ac74b498b48028cb68387c421e279 ;;
    myappdevsandbox) echo 7d4e2a1b9c8f4a6e8b0c3d5f7a9e1b2c ;;
    myappconfigstaging) echo a3c9e1f04b7d4c2e8f6a5b9d0c1e2f3a ;;
    *) printf '%s' "$key" | md5sum | cut -c1-32 ;;
  esac
}

# state_dir TOOL DIR: a folder for what TOOL remembers about DIR between calls.
state_dir() {
  local dir
  dir="$DOC_STUBS/state/$1/$(cd "$2" && pwd | md5sum | cut -c1-16)"
  mkdir -p "$dir"
  printf '%s\n' "$dir"
}
