#!/usr/bin/env bash
# Regenerates go.mod/go.sum for the kapi wrapper module from kubernetes' own go.mod.
#
# k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/client-go, ...) at v0.0.0 and
# replaces them with ./staging/src paths, which only work inside its own repository. A wrapper module
# has to replace each of them with the published v0.X.Y release instead (v1.X.Y -> v0.X.Y). The list of
# staging modules changes between releases, so it is read from kubernetes' go.mod, taken from the Go
# module proxy, rather than written by hand.
#
# Usage: test/infra/kapi/gen-gomod.sh [KUBERNETES_VERSION]   (default 1.37.2; commit the result)
set -euo pipefail

k8s_version=${1:-1.37.2}
k8s_version=${k8s_version#v}
staging_version="v0.${k8s_version#1.}"

here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/../../.." && pwd)
cache_dir=${GITOPS_MANIFESTS_CACHE:-$repo_root/.cache}
command -v go >/dev/null || { echo "gen-gomod.sh: 'go' is not on PATH (Go >= 1.24 is needed)" >&2; exit 127; }

export GOMODCACHE=$cache_dir/go/mod GOCACHE=$cache_dir/go/build GOFLAGS="-mod=mod -modcacherw"
cd "$here"

kube_gomod=$(go mod download -json "k8s.io/kubernetes@v$k8s_version" |
	sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
[[ -f $kube_gomod ]] || { echo "gen-gomod.sh: no go.mod for k8s.io/kubernetes@v$k8s_version" >&2; exit 1; }

rm -f go.mod go.sum
go mod init gitops-manifests/test/infra/kapi 2>/dev/null
# Same language version and GODEBUG defaults as upstream builds of this release.
go mod edit -go="$(sed -n 's/^go \(.*\)$/\1/p' "$kube_gomod")"
for setting in $(sed -n 's/^godebug \(.*\)$/\1/p' "$kube_gomod"); do
	go mod edit -godebug="$setting"
done

staging_modules=$(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/src/.*#\1#p' "$kube_gomod")
[[ -n $staging_modules ]] || { echo "gen-gomod.sh: no staging replaces found in $kube_gomod" >&2; exit 1; }
for module in $staging_modules; do
	go mod edit -replace="$module=$module@$staging_version"
done
go mod edit -require="k8s.io/kubernetes@v$k8s_version"

# The embedded etcd server must match the minor version of kubernetes' etcd client; the proxy may not
# serve the exact patch kubernetes pins, so take the newest patch of that minor (or $ETCD_VERSION).
etcd_client=$(sed -n 's#^[[:space:]]*go\.etcd\.io/etcd/client/v3 \(v[0-9]*\.[0-9]*\).*#\1#p' "$kube_gomod")
go get "go.etcd.io/etcd/server/v3@${ETCD_VERSION:-$etcd_client}"

go mod tidy
echo "gen-gomod.sh: k8s.io/kubernetes v$k8s_version, staging $staging_version, $(grep -c '=> k8s.io/' go.mod) replaces, etcd $(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
