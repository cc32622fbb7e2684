/**
 * The error texts of Go's encoding/json.Unmarshal into a map, which upstream validation
 * quotes verbatim (docker config secrets).
 */
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
    const first = trimmed[0];
    if (!'{["-0123456789tfn'.includes(first))
      return `invalid character '${first}' looking for beginning of value`;
    const literal = { t: 'true', f: 'false', n: 'null' }[first];
    if (literal) {
      for (let i = 1; i < literal.length; i++) {
        if (i >= trimmed.length) return 'unexpected end of JSON input';
        if (trimmed[i] !== literal[i]) {
          return `invalid character '${trimmed[i]}' in literal ${literal} (expecting '${literal[i]}')`;
        }
      }
    }
    return 'unexpected end of JSON input';
  }
  if (parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed))) return '';
  return `json: cannot unmarshal ${goJsonType(parsed)} into Go value of type map[string]interface {}`;
}
