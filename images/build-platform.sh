#!/usr/bin/env bash
# Builds the platform image from the root Dockerfile on a machine that reaches no container
# registry and not dl.k8s.io, only the Debian mirror and the npm registry (the project's CI):
#   1. the Dockerfile's NODE_IMAGE made here instead of pulled: `debootstrap --variant=minbase
#      bookworm` (what debian:bookworm-slim is made of) with this machine's Node.js 20 (node,
#      npm, corepack, the headers) where node:20-bookworm-slim has it (/usr/local), and this
#      machine's own CA certificates (/usr/local/share/ca-certificates: a TLS-inspecting proxy's,
#      say) trusted by apt and Node, so that the build reaches what this machine reaches;
#   2. kubectl from this machine (KUBECTL_FROM=context): its default kubectl and
#      /usr/lib/google-cloud-sdk/bin/kubectl.<minor> for each of KUBECTL_MINORS, linked into
#      images/kubectl/ (ignored by git) for the build;
#   3. `docker build` of the Dockerfile as it is, with the classic builder (no buildx needed)
#      and the host's network (the Engine may have no default bridge).
# Everything else (apt-get, npm ci, the builds) runs as in any `docker build -t kubebelt:dev .`.
#
#   DOCKER_HOST=unix:///path/docker.sock images/build-platform.sh [IMAGE]    # kubebelt:dev
#
# Needs: root (debootstrap), debootstrap, docker (CLI), node 20 and npm, kubectl.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
image=${1:-kubebelt:dev}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
minors=${KUBECTL_MINORS:-1.27}
fail() {
  echo "build-platform: $*" >&2
  exit 1
}
command -v docker >/dev/null || fail "the docker CLI is missing"
command -v debootstrap >/dev/null || fail "debootstrap is missing (apt-get install -y debootstrap)"
node=$(readlink -f "$(command -v node)") || fail "node is missing"
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
node_major=$("$node" -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || fail "this machine's node is $node_major, the Dockerfile wants 20"
kubectl=$(readlink -f "$(command -v kubectl)") || fail "kubectl is missing"

# --- 1. the base: one per Node.js version, CA set and mirror ---
cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${cas[0]}" ] || cas=()
tag=$({
  "$node" --version
  echo "$mirror"
  cat "$0"
  [ ${#cas[@]} -eq 0 ] || cat "${cas[@]}"
} | sha256sum | cut -c1-12)
base=kubebelt/node-base:20-bookworm-$tag
if ! docker image inspect "$base" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
    { tail -5 "$root.log" >&2; fail "debootstrap failed (log: $root.log)"; }
  rm -f "$root.log"
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules" "$root/usr/local/include"
  cp "$node" "$root/usr/local/bin/node"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  [ -d /usr/include/node ] && cp -a /usr/include/node "$root/usr/local/include/"
  env=()
  if [ ${#cas[@]} -gt 0 ]; then
    # apt's ca-certificates picks up *.crt here; Node reads the bundle before that exists
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp "${cas[@]}" "$root/usr/local/share/ca-certificates/"
    cat "${cas[@]}" >"$root/usr/local/share/ca-certificates/local-cas.pem"
    env=(-c 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/local-cas.pem')
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" --numeric-owner -c . |
    docker import "${env[@]}" -c 'CMD ["node"]' - "$base" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

# --- 2. kubectl from this machine ---
mkdir -p "$here/kubectl"
find "$here/kubectl" -type f -name 'kubectl*' -delete
link() { ln -f "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
link "$kubectl" "$here/kubectl/kubectl"
for minor in $minors; do
  versioned=/usr/lib/google-cloud-sdk/bin/kubectl.$minor
  [ -x "$versioned" ] || fail "$versioned is missing (KUBECTL_MINORS=\"$minors\")"
  link "$versioned" "$here/kubectl/kubectl.$minor"
done
trap 'find "$here/kubectl" -type f -name "kubectl*" -delete' EXIT

# --- 3. the Dockerfile ---
DOCKER_BUILDKIT=0 docker build --network host \
  --build-arg "NODE_IMAGE=$base" --build-arg KUBECTL_FROM=context \
  -t "$image" "$repo"
echo "build-platform: $image (from $base)"
