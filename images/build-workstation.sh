#!/usr/bin/env bash
# Builds the learner workstation image of the docker driver with no registry:
#   1. a base root filesystem made of this machine's own binaries (bash, kubectl, vim, busybox,
#      bash-completion, their shared libraries, terminfo), imported with `docker import`;
#   2. images/workstation/Dockerfile built FROM that base (users, /etc/bash.bashrc, defaults).
# The image is labelled with a fingerprint of everything it is made of (this script, the
# Dockerfile's folder, the sizes and times of the files copied): when nothing changed, a second
# run returns at once.
#
#   images/build-workstation.sh                  # kubebelt/workstation:latest on $DOCKER_HOST
#   KUBEBELT_WORKSTATION_IMAGE=my/ws:1 KUBECTL_VERSIONS="1.33 1.27" images/build-workstation.sh
#
# Needs: docker (CLI), busybox (Debian's busybox-static), bash, kubectl; vim and nano when
# present (busybox's vi otherwise).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${KUBEBELT_WORKSTATION_IMAGE:-kubebelt/workstation:latest}
# the kubectl of each version is where the session's home links it (~/.kubebelt/bin/kubectl)
versioned_dir=/usr/lib/google-cloud-sdk/bin
kubectl_versions=${KUBECTL_VERSIONS:-1.33}

fail() {
  echo "build-workstation: $*" >&2
  exit 1
}
command -v docker >/dev/null || fail "the docker CLI is missing (apt-get install -y docker.io)"
busybox=/bin/busybox
[ -x "$busybox" ] || busybox=$(command -v busybox) ||
  fail "busybox is missing (apt-get install -y busybox-static)"

libraries() {
  ldd "$1" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib64\//{print $1}'
}

# --- what goes in: "binary SOURCE NAME" (with its libraries) and "tree SOURCE DEST" lines ---
sources=()
sources+=("binary $(command -v bash) bash" "binary $busybox busybox")
kubectls=()
for version in $kubectl_versions; do
  [ -x "$versioned_dir/kubectl.$version" ] && kubectls+=("$versioned_dir/kubectl.$version")
done
if [ ${#kubectls[@]} -eq 0 ]; then
  kubectl=$(command -v kubectl) || fail "kubectl is missing"
  sources+=("binary $(readlink -f "$kubectl") kubectl")
fi
vim=$(command -v vim.basic || command -v vim.tiny || command -v vim || true)
[ -n "$vim" ] && sources+=("binary $(readlink -f "$vim") vim")
nano=$(command -v nano || true)
[ -n "$nano" ] && sources+=("binary $nano nano")
# libraries go where this machine's libc is (/usr/lib/x86_64-linux-gnu on Debian amd64)
multiarch=$(basename "$(dirname "$(libraries "$(command -v bash)" | grep -m1 '/libc\.so')")")
trees=(/usr/share/vim /etc/vim /usr/share/bash-completion /lib/terminfo /usr/share/terminfo
  /usr/lib/locale/C.utf8)

fingerprint() {
  {
    cat "$0"
    (cd "$here/workstation" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    [ ${#kubectls[@]} -eq 0 ] || stat -L -c '%n %s %Y' "${kubectls[@]}"
    for line in "${sources[@]}"; do
      read -r _ source _ <<<"$line"
      stat -L -c '%n %s %Y' "$source" $(libraries "$source")
    done
    for tree in "${trees[@]}"; do
      [ -d "$tree" ] && find "$tree" -printf '%p %s %T@\n' | sort
    done
  } | sha256sum | cut -c1-16
}

inputs=$(fingerprint)
if [ "$(docker image inspect -f '{{index .Config.Labels "kubebelt.inputs"}}' "$image" 2>/dev/null)" = "$inputs" ]; then
  echo "$image (up to date)"
  exit 0
fi

base=kubebelt/workstation-base:$inputs
if ! docker image inspect "$base" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  lib=usr/lib/$multiarch
  mkdir -p "$root"/usr/{bin,lib64,share} "$root/$lib" "$root"/{etc,tmp,home/learner,proc,sys,dev,run}
  chmod 1777 "$root/tmp"
  ln -s usr/bin "$root/bin"
  ln -s usr/bin "$root/sbin"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"

  # each library under its soname where the loader looks
  for line in "${sources[@]}"; do
    read -r _ source name <<<"$line"
    cp -L "$source" "$root/usr/bin/$name"
    for library in $(libraries "$source"); do
      case $library in
        */lib64/*) cp -L "$library" "$root/usr/lib64/" ;;
        *) cp -L "$library" "$root/$lib/" ;;
      esac
    done
  done
  for kubectl in "${kubectls[@]}"; do
    mkdir -p "$root$versioned_dir"
    cp -L "$kubectl" "$root$kubectl"
  done
  [ ${#kubectls[@]} -gt 0 ] && ln -s "${kubectls[0]}" "$root/usr/bin/kubectl"
  if [ -n "$vim" ]; then
    ln -s vim "$root/usr/bin/vi"
    # the runtime without its manual, translations, spell files and tutor (30 MB less)
    mkdir -p "$root/usr/share/vim"
    tar -C /usr/share/vim -c --exclude='vim*/doc' --exclude='vim*/lang' --exclude='vim*/spell' \
      --exclude='vim*/tutor' . | tar -C "$root/usr/share/vim" -x
    [ -d /etc/vim ] && cp -a /etc/vim "$root/etc/"
  fi
  # busybox's applets for the rest of the userland (ls, cat, grep, sed, ps, less, ...)
  for applet in $("$busybox" --list); do
    [ -e "$root/usr/bin/$applet" ] || [ -L "$root/usr/bin/$applet" ] ||
      ln -s busybox "$root/usr/bin/$applet"
  done
  [ -d /usr/share/bash-completion ] && cp -a /usr/share/bash-completion "$root/usr/share/"
  for dir in /lib/terminfo /usr/share/terminfo; do
    [ -d "$dir" ] && mkdir -p "$root/usr/share/terminfo" && cp -a "$dir/." "$root/usr/share/terminfo/"
  done
  if [ -d /usr/lib/locale/C.utf8 ]; then
    mkdir -p "$root/usr/lib/locale" && cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
  fi
  tar -C "$root" --numeric-owner --owner=0 --group=0 -c . | docker import - "$base" >/dev/null
fi

# the classic builder: FROM a local image, nothing to pull, no buildx needed
log=$(mktemp)
if ! DOCKER_BUILDKIT=0 docker build --quiet --build-arg "BASE=$base" --label "kubebelt.inputs=$inputs" \
  -t "$image" "$here/workstation" >/dev/null 2>"$log"; then
  cat "$log" >&2
  rm -f "$log"
  fail "docker build failed"
fi
rm -f "$log"
# earlier bases are no longer needed (one in use by a container stays)
docker image ls --format '{{.Repository}}:{{.Tag}}' kubebelt/workstation-base |
  grep -vx "$base" | xargs -r docker image rm >/dev/null 2>&1 || true
echo "$image (from $base)"
