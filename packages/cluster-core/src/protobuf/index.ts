/**
 * Request bodies in `application/vnd.kubernetes.protobuf`, which kubectl's typed clients send
 * since client-go 1.32 (and never retry as JSON). The envelope is upstream's
 * (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go): the magic `k8s\0`, then a
 * runtime.Unknown {typeMeta{apiVersion=1, kind=2}=1, raw=2, contentEncoding=3, contentType=4}
 * whose raw bytes are the object's own message. The result is the object as a JSON body would
 * carry it.
 */
import { badRequest, unsupportedMediaType } from '../api/errors';
import { decodeMessage } from './decode';
import { messages } from './messages';
import { messageForKind } from './scheme';
import { ProtoDecodeError, WireReader, WireType } from './wire';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Unknown {
  apiVersion: string;
  kind: string;
  raw: Buffer;
}

export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  const unknown = decodeEnvelope(body);
  const { apiVersion, kind } = unknown;
  const typeMeta = `runtime.TypeMeta{APIVersion:${JSON.stringify(apiVersion)}, Kind:${JSON.stringify(kind)}}`;
  // runtime.NewMissingKindErr / NewMissingVersionErr
  if (!kind) throw badRequest(`Object 'Kind' is missing in '${typeMeta}'`);
  if (!apiVersion) throw badRequest(`Object 'apiVersion' is missing in '${typeMeta}'`);
  // meta/v1 DeleteOptions is registered in every group version (metav1.AddToGroupVersion)
  const message =
    kind === 'DeleteOptions' ? 'meta.v1.DeleteOptions' : messageForKind(apiVersion, kind);
  if (!message) throw unsupportedMediaType(['application/json', 'application/yaml']);
  let fields: Record<string, unknown>;
  try {
    fields = decodeMessage(messages, message, unknown.raw);
  } catch (err) {
    if (!(err instanceof ProtoDecodeError)) throw err;
    // apiserver handlers' transformDecodeError, when the body named its kind
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    throw badRequest(
      `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${err.message}`,
    );
  }
  return { kind, apiVersion, ...fields };
}

function decodeEnvelope(body: Buffer): Unknown {
  if (body.length === 0) throw badRequest('empty data');
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest(
      `provided data does not appear to be a protobuf message, expected prefix [${[...MAGIC].join(' ')}]`,
    );
  }
  if (body.length === MAGIC.length) throw badRequest('empty body');
  try {
    return readUnknown(body.subarray(MAGIC.length));
  } catch (err) {
    if (err instanceof ProtoDecodeError) throw badRequest(err.message);
    throw err;
  }
}

/** runtime.Unknown (k8s.io/apimachinery/pkg/runtime/generated.proto). */
function readUnknown(data: Buffer): Unknown {
  const out: Unknown = { apiVersion: '', kind: '', raw: Buffer.alloc(0) };
  const r = new WireReader(data);
  while (!r.done) {
    const { field, wireType } = r.tag('Unknown');
    if (field === 1) {
      expectBytes(wireType, 'TypeMeta');
      const meta = new WireReader(r.lengthDelimited());
      while (!meta.done) {
        const t = meta.tag('TypeMeta');
        if (t.field === 1 || t.field === 2) {
          expectBytes(t.wireType, t.field === 1 ? 'APIVersion' : 'Kind');
          out[t.field === 1 ? 'apiVersion' : 'kind'] = meta.lengthDelimited().toString('utf8');
        } else {
          meta.skip(t.wireType);
        }
      }
    } else if (field === 2) {
      expectBytes(wireType, 'Raw');
      out.raw = r.lengthDelimited();
    } else {
      // contentEncoding (3) and contentType (4) are informational, as upstream treats them
      r.skip(wireType);
    }
  }
  return out;
}

function expectBytes(wireType: WireType, goName: string): void {
  if (wireType !== WireType.LengthDelimited)
    throw new ProtoDecodeError(`proto: wrong wireType = ${wireType} for field ${goName}`);
}
