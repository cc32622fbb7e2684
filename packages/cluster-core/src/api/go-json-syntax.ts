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

const WS = new Set([' ', '\t', '\n', '\r']);

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
    while (i < text.length && WS.has(text[i])) i++;
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
  const value = (context: string) => {
    skip();
    if (i >= text.length) end();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c)) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    bad(context);
  };
  const object = () => {
    i++;
    skip();
    if (i >= text.length) end();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skip();
      if (i >= text.length) end();
      if (text[i] !== '"') bad('looking for beginning of object key string');
      string();
      skip();
      if (i >= text.length) end();
      if (text[i] !== ':') bad('after object key');
      i++;
      value('looking for beginning of value');
      skip();
      if (i >= text.length) end();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') bad('after object key:value pair');
      i++;
    }
  };
  const array = () => {
    i++;
    skip();
    if (i >= text.length) end();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value('looking for beginning of value');
      skip();
      if (i >= text.length) end();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') bad('after array element');
      i++;
    }
  };
  try {
    value('looking for beginning of value');
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
