/** A YAML file parsed with its source positions, so a problem can name line and column. */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, type Node, parseAllDocuments, parseDocument } from 'yaml';
import type { Problem } from './problems';

export interface YamlFile {
  file: string;
  value: unknown;
  /** 1-based line and column of the value at a JSON Pointer (the nearest parent that exists). */
  position(pointer: string): { line: number; column: number };
}

export function readYamlFile(file: string, problems: Problem[]): YamlFile | undefined {
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length) {
    for (const e of doc.errors) {
      problems.push({
        file,
        ...position(e.pos[0]),
        message: e.message.split('\n')[0],
        rule: 'yaml',
      });
    }
    return undefined;
  }
  return {
    file,
    value: doc.toJS(),
    position(pointer) {
      let node: unknown = doc.contents;
      for (const part of pointer.split('/').slice(1).map(unescapePointer)) {
        const next = child(node, part);
        if (!next) break;
        node = next;
      }
      return position((node as Node | null)?.range?.[0] ?? 0);
    },
  };
}

function child(node: unknown, key: string): Node | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
    // the key's position says more than an empty value's
    return ((pair?.value as Node | null) ?? (pair?.key as Node | undefined)) || undefined;
  }
  if (isSeq(node)) return (node.items[Number(key)] as Node | undefined) ?? undefined;
  return undefined;
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Every document of a multi-document YAML file (setup.yaml), empty ones left out. */
export function readYamlDocuments(file: string, problems: Problem[]): unknown[] {
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(docs)) return [];
  const out: unknown[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      const p = lines.linePos(e.pos[0]);
      problems.push({
        file,
        line: p.line,
        column: p.col,
        message: e.message.split('\n')[0],
        rule: 'yaml',
      });
    }
    const value = doc.toJS();
    if (value != null) out.push(value);
  }
  return out;
}
