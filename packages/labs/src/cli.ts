/** kubebelt-lab: lint, verify and scaffold labs. */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadContent } from './content/loader';
import { formatProblem } from './content/problems';
import { scaffoldLab } from './content/scaffold';
import { type VerifyResult, verifyLab } from './verify/verify-lab';

/** The content tree: ./labs from the repository root or the current directory. */
function defaultRoot(): string {
  for (const candidate of [resolve('labs'), resolve(__dirname, '..', '..', '..', 'labs')]) {
    if (existsSync(candidate)) return candidate;
  }
  return resolve('labs');
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('kubebelt-lab').description(
    'Lint, verify and scaffold kubebelt labs',
  );

  program
    .command('lint')
    .argument('[path]', 'content tree or lab folder', undefined)
    .description(
      'validate lab.yaml, quiz.yaml, exam.yaml, course and module files against the schema and content rules',
    )
    .action((path?: string) => {
      const root = resolve(path ?? defaultRoot());
      const catalog = loadContent(root);
      for (const p of catalog.problems) console.error(formatProblem(p, process.cwd()));
      const summary = `${catalog.labs.size} labs, ${catalog.quizzes.size} quizzes, ${[...catalog.quizzes.values()].reduce((n, q) => n + q.quiz.questions.length, 0)} questions, ${catalog.exams.size} exams, ${catalog.courses.length} courses`;
      if (catalog.problems.length) {
        console.error(`${catalog.problems.length} problem(s) in ${summary}`);
        process.exitCode = 1;
      } else console.log(`ok: ${summary}`);
    });

  program
    .command('verify')
    .argument('[path]', 'content tree or lab folder')
    .option('--all', 'verify every lab and exam of the content tree')
    .option(
      '-j, --jobs <n>',
      'labs verified at the same time',
      String(Math.max(2, cpus().length * 2)),
    )
    .option('--lab <id...>', 'only these lab or exam ids')
    .option(
      '--kubeconfig <file>',
      'verify on this (throwaway) cluster instead of fresh embedded ones, one lab at a time',
    )
    .description(
      'per lab: fresh cluster, set-up, checks fail; solution.sh, checks pass; each mistake fails its check',
    )
    .action(
      async (
        path: string | undefined,
        opts: { all?: boolean; jobs: string; lab?: string[]; kubeconfig?: string },
      ) => {
        const root = resolve(path ?? defaultRoot());
        const catalog = loadContent(root);
        if (catalog.problems.length) {
          for (const p of catalog.problems) console.error(formatProblem(p, process.cwd()));
          console.error('lint problems: fix them before verifying');
          process.exitCode = 1;
          return;
        }
        // An exam verifies as a lab: every task of its pools, the whole solution.sh. Exams take
        // longest: they start first, so that the labs run beside them rather than after them.
        let labs = [...catalog.exams.values(), ...catalog.labs.values()];
        if (opts.lab) labs = labs.filter((l) => opts.lab?.includes(l.lab.id));
        if (!labs.length) {
          console.error(`no labs under ${root}`);
          process.exitCode = 1;
          return;
        }
        const started = Date.now();
        const jobs = opts.kubeconfig ? 1 : Number(opts.jobs) || 2;
        const kubeconfig = opts.kubeconfig && resolve(opts.kubeconfig);
        const results = await mapLimit(labs, jobs, async (lab) => {
          const r = await verifyLab(lab, { kubeconfig });
          console.log(
            `${r.ok ? 'ok  ' : 'FAIL'} ${r.labId} (${(r.durationMs / 1000).toFixed(1)} s)`,
          );
          return r;
        });
        printTable(results);
        const failed = results.filter((r) => !r.ok);
        for (const r of failed) {
          for (const f of r.failures)
            console.error(
              `${r.labId}${f.task ? ` task ${f.task}` : ''}${f.check ? ` check ${f.check}` : ''}: ${f.message}`,
            );
        }
        console.log(
          `${results.length - failed.length}/${results.length} labs verified in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        if (failed.length) process.exitCode = 1;
      },
    );

  program
    .command('new')
    .argument('<path>', '<course>/<module>/<lab>')
    .description(
      'scaffold a lab folder with lab.yaml, README.md, README.zh.md, solution.sh and a mistake',
    )
    .action((path: string) => {
      const dir = scaffoldLab(defaultRoot(), path);
      console.log(`created ${dir}`);
    });

  await program.parseAsync(argv);
}

function printTable(results: VerifyResult[]): void {
  const rows = results.map((r) => [
    r.labId,
    String(r.checks),
    `${r.passingBefore}/${r.checks}`,
    `${r.passingAfter}/${r.checks}`,
    `${r.mistakes.filter((m) => m.ok).length}/${r.mistakes.length}`,
    `${(r.durationMs / 1000).toFixed(1)} s`,
    r.ok ? 'ok' : 'FAIL',
  ]);
  const header = ['LAB', 'CHECKS', 'BEFORE', 'AFTER', 'MISTAKES', 'TIME', 'RESULT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows])
    console.log(
      row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
