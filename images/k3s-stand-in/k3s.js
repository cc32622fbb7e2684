#!/usr/bin/node
/**
 * A STAND-IN for k3s, NOT k3s: the docker driver's tests run it where no k3s image can be had
 * (no registry). It behaves like `k3s server` only at the boundary the driver uses: it takes
 * k3s's flags, reads the kube-apiserver's --token-auth-file, serves the Kubernetes API over
 * HTTPS on the container's address and --https-listen-port (6443), and writes an admin
 * kubeconfig to --write-kubeconfig (/etc/rancher/k3s/k3s.yaml) naming https://127.0.0.1:<port>,
 * as k3s does. The API is kubebelt's own cluster-core (packages/cluster-core) with one node named
 * --node-name; its kubeconfig carries the token where k3s's carries a client certificate.
 * Other flags are accepted and ignored. Built by images/build-k3s-stand-in.sh.
 */

const { chmodSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { networkInterfaces } = require('node:os');
const { dirname } = require('node:path');
const { createCluster } = require('@kubebelt/cluster-core');

const [command, ...flags] = process.argv.slice(2);
if (command !== 'server') {
  process.stderr.write(`k3s stand-in: only \`server\` is served, not ${command}\n`);
  process.exit(1);
}
const options = { 'https-listen-port': '6443', 'write-kubeconfig': '/etc/rancher/k3s/k3s.yaml' };
const apiserver = {};
for (let i = 0; i < flags.length; i++) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(flags[i]);
  if (!m) continue;
  const value = m[2] ?? flags[++i];
  if (m[1] === 'kube-apiserver-arg') {
    const [k, ...v] = value.split('=');
    apiserver[k] = v.join('=');
  } else options[m[1]] = value;
}
// token,user,uid,"groups": the first token is the cluster's (cluster-core has one bearer token)
const token = apiserver['token-auth-file']
  ? readFileSync(apiserver['token-auth-file'], 'utf8').split('\n')[0].split(',')[0]
  : undefined;
// the node IP, as k3s puts it in its serving certificate
const address = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
if (!address) {
  process.stderr.write('k3s stand-in: no IPv4 address\n');
  process.exit(1);
}

async function main() {
  const cluster = createCluster({ name: options['node-name'] ?? 'default', nodes: 1, token });
  const port = Number(options['https-listen-port']);
  await cluster.serve({ host: address, port });
  const file = options['write-kubeconfig'];
  mkdirSync(dirname(file), { recursive: true });
  const kubeconfig = cluster
    .kubeconfig()
    .replace(/server: https:\/\/[^\s]+/, `server: https://127.0.0.1:${port}`);
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  if (options['write-kubeconfig-mode'])
    chmodSync(file, Number.parseInt(options['write-kubeconfig-mode'], 8));
  process.stdout.write(
    `k3s stand-in (cluster-core, not k3s) serving on https://${address}:${port}\n`,
  );
  const stop = () => cluster.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`k3s stand-in: ${error.stack ?? error}\n`);
  process.exit(1);
});
