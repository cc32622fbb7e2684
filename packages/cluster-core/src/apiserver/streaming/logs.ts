/**
 * GET pods/<name>/log (pkg/registry/core/pod/rest/log.go): validates PodLogOptions, finds the
 * container (registry/pod-location.ts), then streams what the runtime writes as text/plain, flushing as
 * it goes when following (genericrest.LocationStreamer).
 */
import { Writable } from 'node:stream';
import { badRequest, invalid, StatusError } from '../../api/errors';
import { type FieldError, forbiddenField, invalidValue } from '../../api/field-errors';
import { logTarget } from '../../registry/pod-location';
import type { SubresourceRequest } from '../cluster-core';
import { defaultRuntime, type LogOptions } from './runtime';

const NEGATIVE = 'must be greater than or equal to 0';

function flag(query: URLSearchParams, name: string): boolean {
  const v = (query.get(name) ?? '').toLowerCase();
  return v === 'true' || v === '1';
}

/** An int64 query parameter, as the query parameter codec converts it. */
function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[+-]?\d+$/.test(raw))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}

/** validation.ValidatePodLogOptions. */
function validate(opts: Omit<LogOptions, 'signal'>): FieldError[] {
  const errs: FieldError[] = [];
  if (opts.tailLines !== undefined && opts.tailLines < 0)
    errs.push(invalidValue('tailLines', opts.tailLines, NEGATIVE));
  if (opts.limitBytes !== undefined && opts.limitBytes < 1)
    errs.push(invalidValue('limitBytes', opts.limitBytes, 'must be greater than 0'));
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) {
    errs.push(forbiddenField('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) {
    errs.push(invalidValue('sinceSeconds', opts.sinceSeconds, 'must be greater than 0'));
  }
  return errs;
}

export async function handleLog(request: SubresourceRequest): Promise<void> {
  const { cluster, req, res, method, resource, namespace, name, query } = request;
  if (method !== 'GET') {
    throw new StatusError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }
  const options = {
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
    tailLines: integer(query, 'tailLines'),
    sinceSeconds: integer(query, 'sinceSeconds'),
    sinceTime: query.get('sinceTime') || undefined,
    limitBytes: integer(query, 'limitBytes'),
  };
  const errs = validate(options);
  if (errs.length) throw invalid('', 'PodLogOptions', name, errs);
  const target = logTarget(cluster, resource, namespace, name, query.get('container') ?? '');
  const headers = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' };
  if (!target) {
    res.writeHead(200, { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  const controller = new AbortController();
  req.on('close', () => controller.abort());
  res.on('close', () => controller.abort());
  let remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!res.headersSent)
        res.writeHead(
          200,
          options.follow ? { ...headers, 'Transfer-Encoding': 'chunked' } : headers,
        );
      if (remaining <= 0 || res.destroyed) return callback();
      const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
      remaining -= piece.length;
      res.write(piece, () => callback());
      if (remaining <= 0) controller.abort();
    },
  });
  const runtime = cluster.runtime ?? defaultRuntime;
  try {
    await runtime.logs(
      target.pod,
      target.container,
      { ...options, signal: controller.signal },
      out,
    );
  } catch (err) {
    // Refusals come before any byte; once streaming, the response can only end.
    if (!res.headersSent) throw err;
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  if (!res.headersSent) res.writeHead(200, headers);
  if (!res.writableEnded) res.end();
}
