/** Checks in the learner's sandbox: files in the home directory, and the command escape hatch. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { text } from '../text';
import type { Evaluator } from '../types';

export const file: Evaluator<'file'> = async (check, target) => {
  const expected = [
    'exists',
    check.kind && `holds a ${check.kind}`,
    check.contains && `contains "${check.contains}"`,
    check.matches && `matches /${check.matches}/`,
  ]
    .filter(Boolean)
    .join(', ');
  if (!target.home) {
    return {
      passed: false,
      found: 'no home',
      expected,
      message: text("File checks need the learner's home directory.", '文件检查需要学员的主目录。'),
    };
  }
  const path = resolveInHome(target.home, check.path);
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch {
    return {
      passed: false,
      found: 'missing',
      expected,
      message: text(`~/${check.path} does not exist.`, `~/${check.path} 不存在。`),
    };
  }
  if (check.kind) {
    const kinds = parseAllDocuments(content)
      .flatMap((d) => (Array.isArray(d) ? [] : [d.toJS()]))
      .filter((v) => v && typeof v === 'object')
      .map((v) => (v as { kind?: string }).kind);
    if (!kinds.includes(check.kind)) {
      return {
        passed: false,
        found: kinds.length ? `kinds ${kinds.join(', ')}` : 'no object',
        expected,
        message: text(
          `~/${check.path} holds ${kinds.length ? kinds.join(', ') : 'no Kubernetes object'}, expected a ${check.kind}.`,
          `~/${check.path} 中是 ${kinds.length ? kinds.join('、') : '无效的 Kubernetes 对象'}，期望为 ${check.kind}。`,
        ),
      };
    }
  }
  if (check.contains && !content.includes(check.contains)) {
    return {
      passed: false,
      found: 'text missing',
      expected,
      message: text(
        `~/${check.path} does not contain "${check.contains}".`,
        `~/${check.path} 中不包含 "${check.contains}"。`,
      ),
    };
  }
  if (check.matches && !new RegExp(check.matches, 'm').test(content)) {
    return {
      passed: false,
      found: 'no match',
      expected,
      message: text(
        `~/${check.path} does not match /${check.matches}/.`,
        `~/${check.path} 不匹配 /${check.matches}/。`,
      ),
    };
  }
  return {
    passed: true,
    found: expected,
    expected,
    message: text(`~/${check.path} ${expected}.`, `~/${check.path} 符合要求。`),
  };
};

/** A path inside the home; `..` cannot leave it. */
function resolveInHome(home: string, path: string): string {
  const inside = normalize(join(home, path.replace(/^~\//, '')));
  const rel = relative(home, inside);
  if (rel.startsWith('..') || isAbsolute(rel)) return join(home, '.outside-home');
  return inside;
}

export const command: Evaluator<'command'> = async (check, target) => {
  if (!target.runCommand) {
    return {
      passed: false,
      found: 'no sandbox',
      expected: 'exit 0',
      message: text("Command checks need the learner's sandbox.", '命令检查需要学员的沙箱环境。'),
    };
  }
  const { exitCode, output } = await target.runCommand(
    check.run,
    (check.timeoutSeconds ?? 10) * 1000,
  );
  const last = output.trimEnd().split('\n').slice(-3).join('\n');
  return {
    passed: exitCode === 0,
    found: `exit ${exitCode}`,
    expected: 'exit 0',
    message:
      exitCode === 0
        ? text('The check command succeeded.', '检查命令执行成功。')
        : text(
            `The check command exited with ${exitCode}${last ? `: ${last}` : ''}.`,
            `检查命令退出码为 ${exitCode}${last ? `：${last}` : ''}。`,
          ),
  };
};
