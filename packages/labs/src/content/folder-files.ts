/**
 * A lab, quiz or exam as the files of its folder, keyed by path inside the folder
 * (`lab.yaml`, `README.zh.md`, `mistakes/wrong-port.sh`). Browser authoring, export and import
 * move content in this form, so that a folder written here is the same as one under labs/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { type Catalog, loadContent } from './loader';
import type { Problem } from './problems';
import { type AuthorableKind, contentFileOf } from './templates';

export type ContentFiles = Record<string, string>;

/** What a content folder may hold: the files the loader reads, nothing executable elsewhere. */
export const FOLDER_LIMITS = { files: 64, bytes: 512 * 1024 } as const;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ALLOWED = [
  /^(lab|quiz|exam)\.yaml$/,
  /^README(\.[a-z]{2})?\.md$/,
  /^setup\.(yaml|sh)$/,
  /^solution\.sh$/,
  /^mistakes\/[A-Za-z0-9][A-Za-z0-9_-]*\.sh$/,
];

/** Why these files cannot be a content folder (bad paths, too many or too large), if they cannot. */
export function folderFileProblems(files: ContentFiles): string[] {
  const problems: string[] = [];
  const paths = Object.keys(files);
  if (paths.length > FOLDER_LIMITS.files)
    problems.push(`${paths.length} files: a folder holds at most ${FOLDER_LIMITS.files}`);
  const bytes = paths.reduce((n, p) => n + Buffer.byteLength(files[p] ?? '', 'utf8'), 0);
  if (bytes > FOLDER_LIMITS.bytes)
    problems.push(`${bytes} bytes: a folder holds at most ${FOLDER_LIMITS.bytes}`);
  for (const path of paths) {
    if (typeof files[path] !== 'string') problems.push(`${path}: not text`);
    else if (!path.split('/').every((s) => SEGMENT.test(s)) || !ALLOWED.some((r) => r.test(path)))
      problems.push(
        `${path}: not a file of a content folder (lab.yaml, quiz.yaml or exam.yaml; README.md, README.<lang>.md; setup.yaml, setup.sh, solution.sh; mistakes/<name>.sh)`,
      );
  }
  const kinds = kindFiles(files);
  if (kinds.length !== 1)
    problems.push(
      kinds.length
        ? `${kinds.join(' and ')}: a folder is one lab, quiz or exam`
        : 'no lab.yaml, quiz.yaml or exam.yaml',
    );
  return problems;
}

function kindFiles(files: ContentFiles): string[] {
  return (['Lab', 'Quiz', 'Exam'] as const).map(contentFileOf).filter((f) => f in files);
}

/** The kind a folder's files hold, by the name of its content file. */
export function folderKind(files: ContentFiles): AuthorableKind | undefined {
  const [file] = kindFiles(files);
  return file ? ((file[0].toUpperCase() + file.slice(1, -5)) as AuthorableKind) : undefined;
}

export interface FolderHeader {
  kind?: AuthorableKind;
  id?: string;
  title?: Record<string, string>;
}

/** Kind, id and title as the content file states them, read even when it has other problems. */
export function folderHeader(files: ContentFiles): FolderHeader {
  const kind = folderKind(files);
  if (!kind) return {};
  let doc: unknown;
  try {
    doc = parse(files[contentFileOf(kind)] ?? '', { maxAliasCount: 100 });
  } catch {
    return { kind };
  }
  const { id, title } = (doc ?? {}) as { id?: unknown; title?: unknown };
  return {
    kind,
    id: typeof id === 'string' ? id : undefined,
    title:
      title && typeof title === 'object'
        ? (title as Record<string, string>)
        : typeof title === 'string'
          ? { en: title }
          : undefined,
  };
}

/** Writes the files as `dir`, replacing what was there. Check them with folderFileProblems first. */
export function writeContentFolder(dir: string, files: ContentFiles): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A content folder's files, as written by writeContentFolder or found under labs/. */
export function readContentFolder(dir: string): ContentFiles {
  const files: ContentFiles = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export interface LintedFolder {
  /** The loaded content, with its files in a temporary folder that `dispose()` removes. */
  catalog: Catalog;
  /** Every problem, with `file` relative to the folder. */
  problems: Problem[];
  dispose(): void;
}

/** Loads the files as the loader loads a folder under labs/, with the same rules. */
export function lintContentFiles(files: ContentFiles): LintedFolder {
  const root = mkdtempSync(join(tmpdir(), 'kubebelt-content-'));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  const pathProblems = folderFileProblems(files);
  if (pathProblems.length) {
    dispose();
    return {
      catalog: emptyCatalog(root),
      problems: pathProblems.map((message) => ({
        file: '',
        line: 1,
        column: 1,
        message,
        rule: 'folder',
      })),
      dispose: () => {},
    };
  }
  const dir = join(root, 'content');
  writeContentFolder(dir, files);
  const catalog = loadContent(dir);
  const problems = catalog.problems.map((p) => ({ ...p, file: relative(dir, p.file) }));
  return { catalog, problems, dispose };
}

function emptyCatalog(root: string): Catalog {
  return { root, courses: [], labs: new Map(), quizzes: new Map(), exams: new Map(), problems: [] };
}
