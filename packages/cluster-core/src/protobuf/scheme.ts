/**
 * The kinds request bodies may carry in protobuf, as kube-apiserver's scheme registers them:
 * every built-in kind at each version it is served at and the kinds its subresources take
 * (pods/eviction's Eviction, the scale subresource's autoscaling/v1 Scale), each decoded by the
 * message of its Go type (messages.ts: the kind's name in its group version's package). Custom
 * resources have no protobuf form; kinds without a message table are refused as upstream
 * refuses an unregistered type.
 */
import type { ResourceDefinition } from '../registry/types';
import { messages } from './messages';

const apiVersionOf = (group: string, version: string) => (group ? `${group}/${version}` : version);

function build(): Map<string, string> {
  // Required on first use, not imported: kinds' files import the API server's HTTP plumbing,
  // which decodes with this, so importing the registry here would close an import cycle.
  const { builtinResources } = require('../registry') as {
    builtinResources: ResourceDefinition[];
  };
  const scheme = new Map<string, string>();
  const register = (apiVersion: string, kind: string) => {
    const message = messages.messageOf(apiVersion, kind);
    if (message) scheme.set(`${apiVersion}/${kind}`, message);
  };
  for (const def of builtinResources) {
    for (const version of [def.version, ...(def.otherVersions ?? []).map((v) => v.version)])
      register(apiVersionOf(def.group, version), def.kind);
    for (const s of def.subresources ?? [])
      if (s.kind?.version) register(apiVersionOf(s.kind.group, s.kind.version), s.kind.kind);
    if (def.scale) register('autoscaling/v1', 'Scale');
  }
  return scheme;
}

let scheme: Map<string, string> | undefined;

/** The message a body of this kind decodes with, or undefined when the kind takes no protobuf. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  scheme ??= build();
  return scheme.get(`${apiVersion}/${kind}`);
}
