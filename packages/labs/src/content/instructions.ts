/**
 * A lab's README.md / README.zh.md: an introduction, then one section per task, each opened by
 * a `<!-- task: <id> -->` marker line so that the player can show a task's own instructions.
 */
export interface Instructions {
  intro: string;
  tasks: Record<string, string>;
  /** Task ids in the order their sections appear. */
  order: string[];
}

const MARKER = /^<!--\s*task:\s*([a-z0-9-]+)\s*-->\s*$/;

export function splitInstructions(markdown: string): Instructions {
  const out: Instructions = { intro: '', tasks: {}, order: [] };
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (current === undefined) out.intro = text;
    else out.tasks[current] = text;
    lines = [];
  };
  for (const line of markdown.split('\n')) {
    const m = MARKER.exec(line.trim());
    if (m) {
      flush();
      current = m[1];
      out.order.push(current);
      continue;
    }
    lines.push(line);
  }
  flush();
  return out;
}
