/**
 * JSON syntax errors worded as Go's encoding/json scanner words them (scanner.go), so a malformed
 * body gets the message a real apiserver returns instead of JavaScript's.
 */

/** quoteChar in scanner.go: 'x', '\'' , '"', '\n'. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

class JsonSyntaxError extends Error {}

/** Undefined for valid JSON, else Go's message (`invalid character 'a' looking for beginning of value`). */
export function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const end = () => {
    throw new JsonSyntaxError('unexpected end of JSON input');
  };
  const bad = (context: string) => {
    throw new JsonSyntaxError(`invalid character ${quoteChar(text[i])} ${context}`);
  };
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
    }
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= text.length) end();
      if (text[i] !== word[k]) bad(`in literal ${word} (expecting ${quoteChar(word[k])})`);
    }
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) end();
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i >= text.length) end();
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= text.length) end();
            if (!/[0-9a-fA-F]/.test(text[i])) bad('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(text[i])) bad('in string escape code');
      } else if (c < ' ') bad('in string literal');
      i++;
    }
  };
  const digits = (context: string) => {
    if (i >= text.length) end();
    if (!/[0-9]/.test(text[i])) bad(context);
    while (i < text.length && /[0-9]/.test(text[i])) i++;
  };
  const number = () => {
    if (text[i] === '-') {
      i++;
      if (i >= text.length) end();
      if (!/[0-9]/.test(text[i])) bad('in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits('in numeric literal');
    if (text[i] === '.') {
      i++;
      digits('after decimal point in numeric literal');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('in exponent of numeric literal');
    }
  };
  /** The key of an object member and its colon (the scanner's stateBeginStringOrEmpty..stateEndValue). */
  const key = () => {
    skip();
    if (i >= text.length) end();
    if (text[i] !== '"') bad('looking for beginning of object key string');
    string();
    skip();
    if (i >= text.length) end();
    if (text[i] !== ':') bad('after object key');
    i++;
  };
  // open arrays and objects, innermost last: an explicit stack as Go's scanner keeps (parseState),
  // so a deeply nested body costs no recursion
  const open: ('array' | 'object')[] = [];
  /** Reads a scalar or an empty container (true), or opens a container (false: its value comes next). */
  const value = (): boolean => {
    skip();
    if (i >= text.length) end();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skip();
      if (i >= text.length) end();
      if (text[i] === close) {
        i++;
        return true;
      }
      if (c === '{') key();
      open.push(c === '{' ? 'object' : 'array');
      return false;
    }
    if (c === '"') string();
    else if (c === '-' || /[0-9]/.test(c)) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else bad('looking for beginning of value');
    return true;
  };
  const document = () => {
    for (;;) {
      if (!value()) continue;
      // a value ended: what may follow it in the container around it
      for (;;) {
        const container = open.at(-1);
        if (!container) return;
        skip();
        if (i >= text.length) end();
        const close = container === 'object' ? '}' : ']';
        if (text[i] === close) {
          i++;
          open.pop();
          continue;
        }
        if (text[i] !== ',')
          bad(container === 'object' ? 'after object key:value pair' : 'after array element');
        i++;
        if (container === 'object') key();
        break;
      }
    }
  };
  try {
    document();
    skip();
    if (i < text.length) bad('after top-level value');
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.message;
    throw err;
  }
}

/** apiserver summarizeData: the first bytes of a body, as text if it starts with `{`, else hex. */
export function summarizeData(data: Buffer, maxLength = 30): string {
  if (data.length === 0) return '<empty>';
  const head = data.subarray(0, maxLength);
  const more = data.length > maxLength ? ' ...' : '';
  return data[0] === 0x7b ? `${head.toString('utf8')}${more}` : `${head.toString('hex')}${more}`;
}

/** encoding/json's maxNestingDepth: the scanner refuses deeper input. */
export const MAX_JSON_NESTING_DEPTH = 10_000;

/**
 * Go's scanner error for input nested deeper than MAX_JSON_NESTING_DEPTH (scanner.go
 * pushParseState), found without recursion; undefined when the nesting is within the limit.
 */
export function goJsonDepthError(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_NESTING_DEPTH)
        return `invalid character '${text[i]}' exceeded max depth`;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}
