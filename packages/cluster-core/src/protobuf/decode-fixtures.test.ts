/**
 * Request bodies captured from the real kubectl 1.33 (protobuf) against the JSON the same
 * command writes: `--dry-run=client -o json` (Go's encoding/json of the very object kubectl
 * sends) or, for commands without a dry run, the JSON body kubectl 1.31 sends.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { decodeProtobufObject } from './index';

const dir = join(__dirname, 'fixtures');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.pb'))
  .map((f) => f.slice(0, -3));

describe('protobuf bodies captured from kubectl 1.33 decode to the JSON kubectl would send', () => {
  test.each(names)('%s', (name: string) => {
    const decoded = decodeProtobufObject(readFileSync(join(dir, `${name}.pb`)));
    const expected = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    expect(decoded).toEqual(expected);
    // encoding/json writes struct fields in declaration order; so does the decoder
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
  });
});
