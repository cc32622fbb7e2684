/** What the linter reports: a place in a file, the rule broken, and a message for the author. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  /** The schema keyword (required, enum, ...) or the content rule (task-sections, needs, ...). */
  rule: string;
}

export function formatProblem(p: Problem, root = ''): string {
  const file =
    root && p.file.startsWith(root) ? p.file.slice(root.length).replace(/^\//, '') : p.file;
  return `${file}:${p.line}:${p.column}: ${p.message} [${p.rule}]`;
}
