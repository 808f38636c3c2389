#!/usr/bin/env bash
# Builds the test Kubernetes API server into $GITOPS_MANIFESTS_CACHE/bin/kapi (default <repo>/.cache/bin/kapi).
# Module and build caches live next to it, so a kept machine rebuilds in seconds; an up-to-date binary
# (newer than every source here) is not rebuilt at all. KAPI_FORCE_BUILD=1 rebuilds anyway.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/../../.." && pwd)
cache_dir=${GITOPS_MANIFESTS_CACHE:-$repo_root/.cache}
binary=$cache_dir/bin/kapi

sources_newer_than_binary() {
	[[ ! -x $binary ]] || [[ -n $(find "$here" -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name build.sh \) -newer "$binary" -print -quit) ]]
}

if [[ -z ${KAPI_FORCE_BUILD:-} ]] && ! sources_newer_than_binary; then
	exit 0
fi
if ! command -v go >/dev/null; then
	echo "kapi build: 'go' not found on PATH. Install Go >= $(sed -n 's/^go //p' "$here/go.mod") to build the test Kubernetes API server." >&2
	exit 127
fi

mkdir -p "$cache_dir/bin" "$cache_dir/go"
# Several test files may ask for a build at once: one builds, the others wait and then find it fresh.
exec 9>"$cache_dir/go/kapi-build.lock"
flock 9
if [[ -z ${KAPI_FORCE_BUILD:-} ]] && ! sources_newer_than_binary; then
	exit 0
fi

export GOMODCACHE=$cache_dir/go/mod GOCACHE=$cache_dir/go/build CGO_ENABLED=0
# -modcacherw keeps the module cache deletable with plain rm -rf.
export GOFLAGS="-mod=readonly -modcacherw"

k8s_version=$(sed -n 's#^[[:space:]]*\(require \)\{0,1\}k8s\.io/kubernetes \(v[0-9][^[:space:]]*\).*#\2#p' "$here/go.mod")
[[ -n $k8s_version ]] || { echo "kapi build: k8s.io/kubernetes version not found in $here/go.mod" >&2; exit 1; }
minor=$(echo "$k8s_version" | cut -d. -f2)
# Without these, /version reports v0.0.0-master and clients that gate on the server version misbehave.
ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=$k8s_version \
 -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$minor \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=$k8s_version"

echo "kapi build: building kube-apiserver $k8s_version with embedded etcd (a cold build takes several minutes)" >&2
cd "$here"
go build -trimpath -ldflags "$ldflags" -o "$binary.tmp" .
mv "$binary.tmp" "$binary"
echo "kapi build: $binary" >&2
