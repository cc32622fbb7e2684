# syntax=docker/dockerfile:1
#
# The kubebelt platform: the API, the built web app, the embedded clusters and the curriculum
# in one image. How to build and run it: docs/deployment.md.
#
#   docker build -t kubebelt:dev .
#
# Two stages: `build` installs every dependency (native modules are compiled there), builds
# all workspaces and drops the development dependencies; the final image copies the result
# onto a slim Node.js with what the learners' terminals need (bubblewrap, socat, bash, kubectl,
# vim, nano) and Chromium for the exam reports' PDFs.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# compilers for better-sqlite3 and node-pty (built from source: see .npmrc)
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates g++ make python3 \
 && rm -rf /var/lib/apt/lists/*
# the npm the lockfile was written with (npm 11 reads allowScripts and strict-allow-scripts)
ARG NPM_VERSION=11.19.1
RUN npm install -g "npm@${NPM_VERSION}"
WORKDIR /app
# .npmrc says nodedir=/usr (Debian's Node headers); the official images keep them in /usr/local
ENV CI=true \
    npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false

# dependencies first, so that a change to the sources does not reinstall them (the workspaces'
# bin scripts too: npm links them)
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/cluster-core/package.json packages/cluster-core/
COPY packages/cluster-core/bin packages/cluster-core/bin
COPY packages/contract/package.json packages/contract/
COPY packages/labs/package.json packages/labs/
COPY packages/labs/bin packages/labs/bin
# --ignore-scripts: the root's `prepare` builds the sources, which are not here yet; the two
# native modules' install scripts run next, explicitly
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 node-pty

COPY tsconfig.base.json biome.json ./
COPY prisma prisma
COPY packages packages
COPY apps apps
COPY labs labs
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf apps/*/test packages/*/test packages/*/bench apps/*/bench apps/web/src \
      apps/*/tsconfig.tsbuildinfo packages/*/tsconfig.tsbuildinfo

FROM ${NODE_IMAGE}
# bubblewrap, socat, bash and util-linux's setpriv: the learners' sandboxed shells; vim, nano,
# less, jq and bash-completion: what they find in them; chromium: exam reports as PDF;
# tini: signals and zombies of the shells' processes
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      bash bash-completion bubblewrap ca-certificates chromium curl jq less nano socat tini \
      util-linux vim \
 && rm -rf /var/lib/apt/lists/*

# kubectl: from the Kubernetes release site, checked against its published SHA-256 (the
# default), or with KUBECTL_FROM=context from the build context's images/kubectl/ folder, for a
# build that cannot reach dl.k8s.io (docs/deployment.md). The labs say which Kubernetes version
# they teach (lab.yaml kubernetesVersion): a kubectl of that minor version in
# /usr/lib/google-cloud-sdk/bin/kubectl.<minor> is used in their terminals, the default kubectl
# otherwise.
ARG KUBECTL_FROM=download
ARG KUBECTL_VERSION=v1.33.0
ARG KUBECTL_EXTRA_VERSIONS="v1.27.16"
COPY images/kubectl/ /usr/lib/google-cloud-sdk/bin/
RUN set -eu; \
    dir=/usr/lib/google-cloud-sdk/bin; \
    rm -f "$dir/README.md"; \
    minor() { echo "$1" | sed -nE 's/^v?([0-9]+\.[0-9]+).*/\1/p'; }; \
    case "${KUBECTL_FROM}" in \
      download) \
        arch="$(dpkg --print-architecture)"; \
        fetch() { \
          curl -fsSLo "$2" "https://dl.k8s.io/release/$1/bin/linux/${arch}/kubectl"; \
          echo "$(curl -fsSL "https://dl.k8s.io/release/$1/bin/linux/${arch}/kubectl.sha256")  $2" \
            | sha256sum -c -; \
          chmod 0755 "$2"; \
        }; \
        fetch "${KUBECTL_VERSION}" "$dir/kubectl"; \
        for v in ${KUBECTL_EXTRA_VERSIONS}; do fetch "$v" "$dir/kubectl.$(minor "$v")"; done ;; \
      context) \
        [ -x "$dir/kubectl" ] || { echo "KUBECTL_FROM=context: images/kubectl/kubectl is missing" >&2; exit 1; } ;; \
      *) echo "KUBECTL_FROM is download or context, not ${KUBECTL_FROM}" >&2; exit 1 ;; \
    esac; \
    ln -s "$dir/kubectl" /usr/bin/kubectl; \
    default="$(minor "$(kubectl version --client -o json | sed -nE 's/.*"gitVersion": *"([^"]+)".*/\1/p')")"; \
    [ -e "$dir/kubectl.$default" ] || ln -s kubectl "$dir/kubectl.$default"; \
    ls "$dir"; \
    kubectl version --client

WORKDIR /app
COPY --from=build /app /app

# Listening on every address needs the sandbox (KUBEBELT_SANDBOX=bwrap refuses to start
# terminals without it rather than run them unsandboxed); the server stays root so that it can
# hand each session's home to the sandbox's uid 65534 and drop to it (setpriv) for the shell.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KUBEBELT_DATA_DIR=/var/lib/kubebelt \
    KUBEBELT_SANDBOX=bwrap \
    KUBEBELT_CHROMIUM=/usr/bin/chromium
VOLUME ["/var/lib/kubebelt"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "apps/api/dist/main.js"]
