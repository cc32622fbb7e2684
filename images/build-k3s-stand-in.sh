#!/usr/bin/env bash
# Builds a STAND-IN for a k3s image, NOT k3s, for the docker driver's KUBEBELT_K3S_IMAGE tests
# where no k3s image can be pulled: this machine's node binary (with its shared libraries),
# packages/cluster-core's built dist with its production dependencies, and k3s-stand-in/k3s.js as
# /bin/k3s (ENTRYPOINT, as in rancher/k3s). It takes `k3s server`'s flags, writes
# /etc/rancher/k3s/k3s.yaml and serves HTTPS on 6443: see k3s-stand-in/k3s.js for what it does
# and does not do. Imported with `docker import`, no registry or Dockerfile build needed.
#
#   DOCKER_HOST=unix:///path/docker.sock images/build-k3s-stand-in.sh [IMAGE]
#
# Needs: docker (CLI), node, npm, and `npm run build` done (packages/cluster-core/dist).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
image=${1:-kubebelt/k3s-stand-in:latest}
fail() {
  echo "build-k3s-stand-in: $*" >&2
  exit 1
}
command -v docker >/dev/null || fail "the docker CLI is missing"
node=$(readlink -f "$(command -v node)") || fail "node is missing"
[ -f "$repo/packages/cluster-core/dist/index.js" ] || fail "packages/cluster-core is not built (npm run build)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/usr/bin "$root"/tmp "$root"/etc/rancher/k3s "$root"/opt/k3s-stand-in/node_modules/@kubebelt/cluster-core
chmod 1777 "$root/tmp"
ln -s usr/bin "$root/bin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
cp "$node" "$root/usr/bin/node"
for library in $(ldd "$node" | awk '/=> \//{print $3} /^\t\/lib64\//{print $1}'); do
  mkdir -p "$root/usr$(dirname "${library#/usr}")"
  cp -L "$library" "$root/usr${library#/usr}"
done
# cluster-core and its production dependencies (npm's view of the workspace, hoisted paths kept)
core=$root/opt/k3s-stand-in/node_modules/@kubebelt/cluster-core
cp -a "$repo"/packages/cluster-core/{package.json,dist,scripts} "$core/"
# the OpenAPI definitions `npm run build` generated (read at run time from src/)
mkdir -p "$core/src/openapi/generated"
cp "$repo/packages/cluster-core/src/openapi/generated/definitions.json" "$core/src/openapi/generated/"
(cd "$repo" && npm ls -w @kubebelt/cluster-core --omit=dev --all --parseable 2>/dev/null) |
  sort -u | while read -r dir; do
    case $dir in
      "$repo"/node_modules/@kubebelt/* | "$repo" | "$repo"/packages/*/node_modules) ;;
      "$repo"/node_modules/* | "$repo"/packages/cluster-core/node_modules/*)
        target=$root/opt/k3s-stand-in/${dir#"$repo"/}
        target=${target/\/packages\/cluster-core\//\/node_modules\/@kubebelt\/cluster-core\/}
        # a nested node_modules came with its parent
        [ -e "$target" ] || { mkdir -p "$(dirname "$target")" && cp -a "$dir" "$target"; }
        ;;
    esac
  done
cp "$here/k3s-stand-in/k3s.js" "$root/opt/k3s-stand-in/k3s.js"
ln -s /opt/k3s-stand-in/k3s.js "$root/usr/bin/k3s"
tar -C "$root" --numeric-owner --owner=0 --group=0 -c . |
  docker import -c 'ENTRYPOINT ["/bin/k3s"]' -c 'CMD ["agent"]' \
    -c 'LABEL kubebelt.stand-in="k3s: cluster-core behind k3s flags, not k3s"' - "$image" >/dev/null
echo "$image"
