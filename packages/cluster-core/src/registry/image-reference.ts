/**
 * Container image references as pkg/util/parsers.ParseImageName reads them (the
 * distribution/reference grammar): repository, tag and digest, with `latest` as the implied
 * tag when neither is given. Used for the imagePullPolicy default.
 */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/;
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);

export interface ImageReference {
  repository: string;
  tag: string;
  digest: string;
}

/** ParseImageName; undefined when the reference does not parse (upstream then ignores it). */
export function parseImageName(image: string): ImageReference | undefined {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (!rest || rest.length > 255) return undefined;
  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first !== first.toLowerCase()
    ) {
      domain = first;
      path = rest.slice(slash + 1);
      if (!DOMAIN_RE.test(domain)) return undefined;
    }
  }
  if (!PATH.test(path)) return undefined;
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (!tag && !digest) tag = 'latest';
  return { repository: `${domain}/${path}`, tag, digest };
}

/** SetDefaults_Container's imagePullPolicy: Always for `:latest` (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  const ref = typeof image === 'string' ? parseImageName(image) : undefined;
  return ref?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
