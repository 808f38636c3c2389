#!/usr/bin/env bash
# Builds Gitea from the Go module proxy into $cache_dir/bin/gitea, using this wrapper module's go.mod.
# Skips the build when the binary matches the current go.mod, go.sum, build tags and Go version.
#
# Without `-tags bindata`: the bindata.dat files are produced by `go generate` and are not in the module zip,
# so templates and options are read from the module directory at run time (STATIC_ROOT_PATH, see gitea.ts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=go-env.sh
source "$here/go-env.sh"
cd "$here"
GITEA_VERSION=$(cat GITEA_VERSION)
out="$bin_dir/gitea"
stamp_file="$out.stamp"
stamp="$GITEA_VERSION $(go env GOVERSION) $gitea_tags $(cat go.mod go.sum | sha256sum | cut -c1-16)"

if [ -x "$out" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  echo "gitea is current: $out ($stamp)"
  exit 0
fi

mkdir -p "$bin_dir"
echo "building gitea v$GITEA_VERSION -> $out"
# -mod=readonly: the committed go.mod/go.sum are the whole truth; regenerate them with gen-gomod.sh.
go build -mod=readonly -trimpath -tags "$gitea_tags" \
  -ldflags "-s -w -X 'main.Version=$GITEA_VERSION' -X 'main.Tags=$gitea_tags'" \
  -o "$out.tmp" code.gitea.io/gitea
mv "$out.tmp" "$out"
echo "$stamp" > "$stamp_file"
echo "built $out ($(du -m "$out" | cut -f1) MB)"
