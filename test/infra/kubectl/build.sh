#!/usr/bin/env bash
# Builds kubectl (the release of the test apiserver, from the Go module proxy) into
# $GITOPS_MANIFESTS_CACHE/bin/kubectl for the drift bench. Skipped when the binary is newer than every source here;
# KUBECTL_FORCE_BUILD=1 rebuilds anyway. Module and build caches are shared with the other Go builds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/../../.." && pwd)
cache_dir=${GITOPS_MANIFESTS_CACHE:-$repo_root/.cache}
binary=$cache_dir/bin/kubectl

sources_newer_than_binary() {
	[[ ! -x $binary ]] || [[ -n $(find "$here" -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name build.sh \) -newer "$binary" -print -quit) ]]
}

if [[ -z ${KUBECTL_FORCE_BUILD:-} ]] && ! sources_newer_than_binary; then
	exit 0
fi
if ! command -v go >/dev/null; then
	echo "kubectl build: 'go' not found on PATH. Install Go >= $(sed -n 's/^go //p' "$here/go.mod")." >&2
	exit 127
fi

mkdir -p "$cache_dir/bin" "$cache_dir/go"
exec 9>"$cache_dir/go/kubectl-build.lock"
flock 9
if [[ -z ${KUBECTL_FORCE_BUILD:-} ]] && ! sources_newer_than_binary; then
	exit 0
fi

export GOMODCACHE=$cache_dir/go/mod GOCACHE=$cache_dir/go/build CGO_ENABLED=0 GOTOOLCHAIN=local
export GOFLAGS="-mod=readonly -modcacherw"

version=$(sed -n 's#^[[:space:]]*\(require \)\{0,1\}k8s\.io/kubectl \(v[0-9][^[:space:]]*\).*#\2#p' "$here/go.mod")
[[ -n $version ]] || { echo "kubectl build: k8s.io/kubectl version not found in $here/go.mod" >&2; exit 1; }
# The staging module v0.X.Y is Kubernetes v1.X.Y: kubectl version and its skew warning read these.
k8s_version=v1.${version#v0.}
minor=$(echo "$k8s_version" | cut -d. -f2)
ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=$k8s_version \
 -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$minor \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=$k8s_version"

echo "kubectl build: building kubectl $k8s_version" >&2
cd "$here"
go build -trimpath -ldflags "$ldflags" -o "$binary.tmp" .
mv "$binary.tmp" "$binary"
echo "kubectl build: $binary" >&2
