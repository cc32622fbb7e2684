/**
 * The error texts of Go's encoding/json.Unmarshal into a map, which upstream validation
 * quotes verbatim (docker config secrets).
 */
import { goJsonSyntaxError } from '../api/go-json-syntax';

function goJsonType(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** '' when `text` unmarshals into map[string]interface{}, else Go's error message. */
export function unmarshalMapError(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'unexpected end of JSON input';
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return goJsonSyntaxError(trimmed) ?? 'unexpected end of JSON input';
  }
  if (parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed))) return '';
  return `json: cannot unmarshal ${goJsonType(parsed)} into Go value of type map[string]interface {}`;
}
