/**
 * serviceaccounts/token, TokenRequest (`kubectl create token`):
 * pkg/registry/core/serviceaccount/storage/token.go.
 */

import { StatusError } from '../api/errors';
import type { SubresourceRequest } from '../apiserver/cluster-core';
import { postedBody, sendJson } from '../apiserver/http';
import { rfc3339 } from '../clock';

export async function serviceAccountToken(request: SubresourceRequest): Promise<void> {
  const { cluster, resource, namespace, name } = request;
  const body = await postedBody(request);
  const sa = cluster.rest.get(resource, namespace, name);
  const expirationSeconds = Number(body?.spec?.expirationSeconds ?? 3600);
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
    throw new StatusError(
      422,
      'Invalid',
      `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
      {
        name,
        group: 'authentication.k8s.io',
        kind: 'TokenRequest',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
            field: 'spec.expirationSeconds',
          },
        ],
      },
    );
  }
  const now = cluster.clock.now();
  const issued = cluster.tokens.issue(sa, {
    audiences: body?.spec?.audiences,
    expirationSeconds,
    now,
  });
  sendJson(request.res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: {
      audiences: body?.spec?.audiences?.length
        ? body.spec.audiences
        : ['https://kubernetes.default.svc.cluster.local'],
      expirationSeconds,
      boundObjectRef: body?.spec?.boundObjectRef ?? null,
    },
    status: { token: issued.token, expirationTimestamp: rfc3339(issued.expiresAt) },
  });
}
