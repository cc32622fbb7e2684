import { describe, expect, test } from '@jest/globals';
import { canonicalQuantity, QUANTITY_ERRORS, Quantity, tryParseQuantity } from './quantity';

// Cases from apimachinery pkg/api/resource/quantity_test.go.
describe('Quantity', () => {
  test.each([
    ['1024Mi', '1Gi'],
    ['307200Ki', '300Mi'],
    ['1025024Mi', '1001Gi'],
    ['1024Gi', '1Ti'],
    ['5000m', '5'],
    ['0.5', '500m'],
    ['1000M', '1G'],
    ['0.001T', '1G'],
    ['1000u', '1m'],
    ['1.08', '1080m'],
    ['1080000000n', '1080m'],
    ['.001e12', '1e9'],
    ['0.001e0', '1e-3'],
    ['1000e-12', '1e-9'],
    ['00', '0'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    ['3.001n', '4n'],
    ['0.00000012345', '124n'],
    ['100.035k', '100.035k'],
    ['100.0350k', '100035'],
    ['1.2e3', '1200'],
    ['1.3E+6', '1300e3'],
    ['1.', '1.'],
    ['1.G', '1.G'],
    ['1.50', '1500m'],
    ['1.0', '1'],
    ['0n', '0'],
    ['0Ki', '0'],
    ['9Ei', '9223372036854775807'],
    ['12E', '12E'],
  ])('%s is written back as %s', (input, expected) => {
    expect(Quantity.parse(input).toString()).toBe(expected);
  });

  test.each([
    ['1Gi'],
    ['300Mi'],
    ['6Ki'],
    ['5'],
    ['500m'],
    ['1G'],
    ['80m'],
    ['1080m'],
    ['300M'],
    ['1234567M'],
    ['1025'],
    ['0'],
    ['1e9'],
    ['1e-3'],
    ['80e-3'],
    ['3e3'],
    ['1080n'],
    ['80u'],
  ])('canonical %s keeps its text', (input) => {
    expect(Quantity.parse(input).toString()).toBe(input);
  });

  test('negative values print with a minus sign', () => {
    expect(Quantity.parse('-1024Mi').toString()).toBe('-1Gi');
    expect(Quantity.parse('-0.5').toString()).toBe('-500m');
    expect(Quantity.parse('-.000000000001Ki').toString()).toBe('-2n');
  });

  test('an input already canonical keeps its own spelling, as upstream reuses the string', () => {
    expect(Quantity.parse('+1Ki').toString()).toBe('+1Ki');
    expect(Quantity.parse('1E3').toString()).toBe('1E3');
    expect(Quantity.parse('1000').toString()).toBe('1k');
  });

  test('BinarySI under 1 becomes DecimalSI, fractions of binary print in decimal', () => {
    expect(Quantity.parse('0.000000000001Ki').format).toBe('DecimalSI');
    expect(Quantity.parse('0.5Mi').format).toBe('BinarySI');
    expect(Quantity.parse('100.035Ki').toString()).toBe('102435840m');
  });

  test.each([
    ['', QUANTITY_ERRORS.formatWrong],
    ['1.1.M', QUANTITY_ERRORS.formatWrong],
    ['1+1.0M', QUANTITY_ERRORS.formatWrong],
    ['0.1mi', QUANTITY_ERRORS.suffix],
    ['0.1am', QUANTITY_ERRORS.formatWrong],
    ['aoeu', QUANTITY_ERRORS.formatWrong],
    ['1i', QUANTITY_ERRORS.suffix],
    ['-3.01e-', QUANTITY_ERRORS.suffix],
    [' 1', QUANTITY_ERRORS.formatWrong],
    ['1 ', QUANTITY_ERRORS.formatWrong],
    ['abc', QUANTITY_ERRORS.formatWrong],
  ])('%j is rejected', (input, message) => {
    expect(() => Quantity.parse(input)).toThrow(message);
  });

  test('the format error quotes the upstream regular expression', () => {
    expect(QUANTITY_ERRORS.formatWrong).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  test('comparison works across suffixes', () => {
    expect(Quantity.parse('1Gi').cmp(Quantity.parse('1G'))).toBe(1);
    expect(Quantity.parse('500m').cmp(Quantity.parse('0.5'))).toBe(0);
    expect(Quantity.parse('100m').cmp(Quantity.parse('1'))).toBe(-1);
    expect(Quantity.parse('1k').equals(Quantity.parse('1000'))).toBe(true);
  });

  test('rounding up to milli units clears the kept text only when the value changes', () => {
    expect(Quantity.parse('100u').roundUp(-3).toString()).toBe('1m');
    expect(Quantity.parse('9.01').roundUp(-1).toString()).toBe('9100m');
    expect(Quantity.parse('-9.01').roundUp(0).toString()).toBe('-10');
    expect(Quantity.parse('+100m').roundUp(-3).toString()).toBe('+100m');
  });

  test('add and sub keep the receiver format unless it is zero', () => {
    expect(Quantity.parse('1Gi').add(Quantity.parse('512Mi')).toString()).toBe('1536Mi');
    expect(Quantity.zero().add(Quantity.parse('1Ki')).toString()).toBe('1Ki');
    expect(Quantity.parse('1').sub(Quantity.parse('250m')).toString()).toBe('750m');
  });

  test('value and milliValue round up', () => {
    expect(Quantity.parse('1500m').value()).toBe(2);
    expect(Quantity.parse('1.5').milliValue()).toBe(1500);
    expect(Quantity.parse('1n').milliValue()).toBe(1);
    expect(Quantity.parse('2Ki').value()).toBe(2048);
  });

  test('JSON numbers and padded strings parse as the API server reads them', () => {
    expect(canonicalQuantity(0.5)).toBe('500m');
    expect(canonicalQuantity(2)).toBe('2');
    expect(canonicalQuantity(' 1Gi ')).toBe('1Gi');
    expect(tryParseQuantity(true)).toBe(QUANTITY_ERRORS.formatWrong);
    expect(JSON.stringify({ q: Quantity.parse('2048Mi') })).toBe('{"q":"2Gi"}');
  });
});
