import { goJsonSyntaxError, summarizeData } from './go-json-syntax';

describe('JSON syntax errors in Go’s words', () => {
  test.each([
    ['{"a":1}', undefined],
    ['', 'unexpected end of JSON input'],
    ['apiVersion: v1', "invalid character 'a' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":1}x', "invalid character 'x' after top-level value"],
    ['{"a":', 'unexpected end of JSON input'],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
  ])('%j', (text, expected) => {
    expect(goJsonSyntaxError(text)).toBe(expected);
  });

  test('summarizeData shows a JSON body as text and anything else as hex, cut at 30 bytes', () => {
    expect(summarizeData(Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: x'))).toBe(
      '61706956657273696f6e3a2076310a6b696e643a20506f640a6d65746164 ...',
    );
    expect(summarizeData(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(summarizeData(Buffer.alloc(0))).toBe('<empty>');
  });
});
