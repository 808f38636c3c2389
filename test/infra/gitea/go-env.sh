# Sourced by gen-gomod.sh and build.sh: module and build caches under the project cache (shared with the other
# Go builds there, so common dependencies download and compile once), and the installed toolchain.
cache_dir=${GITOPS_MANIFESTS_CACHE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/.cache}
bin_dir=$cache_dir/bin
export GOMODCACHE=$cache_dir/go/mod
export GOCACHE=$cache_dir/go/build
export GOTOOLCHAIN=${GOTOOLCHAIN:-local}
export GOFLAGS=-buildvcs=false
# go-sqlite3 is cgo; these tags turn on Gitea's SQLite support (Gitea docs: "requires CGO").
export CGO_ENABLED=1
gitea_tags="sqlite sqlite_unlock_notify"
