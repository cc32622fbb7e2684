import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drawTasks } from '../src/content/exams';
import { loadContent } from '../src/content/loader';
import { formatProblem } from '../src/content/problems';
import { kubectlPath, select } from '../src/grader/jsonpath';
import type { Exam } from '../src/schema';

const repoContent = resolve(__dirname, '../../../labs');
const example = join(repoContent, 'kubernetes/deployments/deployment-basics');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-lint-'));
  cpSync(example, join(dir, 'lab'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const problems = () => loadContent(dir).problems.map((p) => formatProblem(p, dir));
const edit = (file: string, from: string | RegExp, to: string) => {
  const path = join(dir, 'lab', file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
};

describe('the repository content', () => {
  it('lints clean: every lab and quiz has valid files in both languages', () => {
    const catalog = loadContent(repoContent);
    expect(catalog.problems.map((p) => formatProblem(p, repoContent))).toEqual([]);
    expect(catalog.labs.size).toBeGreaterThan(0);
    expect(catalog.quizzes.size).toBeGreaterThanOrEqual(12);
  });
});

describe('lint', () => {
  it('accepts the example lab', () => {
    expect(problems()).toEqual([]);
  });

  it('reports a wrong check field with file, line, column and the schema rule', () => {
    edit(
      'lab.yaml',
      '        path: .spec.replicas\n        value: 4',
      '        path: .spec.replicas\n        op: bigger\n        value: 4',
    );
    const found = problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^lab\/lab\.yaml:54:13: \/tasks\/1\/checks\/0\/op must be one of "equals", .*"in" \[enum\]$/,
    );
  });

  it('reports an unknown check type against the check', () => {
    edit('lab.yaml', 'type: podsReady', 'type: podReady');
    expect(problems()).toEqual([
      expect.stringMatching(
        /^lab\/lab\.yaml:\d+:\d+: \/tasks\/0\/checks\/2 "type" must be one of the check types \(exists, absent, field, .*command\) \[discriminator\]$/,
      ),
    ]);
  });

  it('reports a missing language', () => {
    edit('lab.yaml', / {2}zh: 创建、扩缩容并更新 Deployment\n/, '');
    rmSync(join(dir, 'lab', 'README.zh.md'));
    expect(problems()).toEqual([
      expect.stringMatching(
        /^lab\/lab\.yaml:5:3: \/title missing required property "zh" \[required\]$/,
      ),
    ]);
    edit(
      'lab.yaml',
      /title:\n {2}en: Create, scale and update a Deployment\n/,
      'title:\n  en: Create, scale and update a Deployment\n  zh: 创建\n',
    );
    expect(problems()).toEqual([
      'lab/README.zh.md:1:1: the zh instructions are missing (README.zh.md) [language]',
    ]);
  });

  it('reports a task without instructions, unknown needs, cycles and mistakes naming no check', () => {
    edit('README.md', '<!-- task: scale -->', '');
    edit('lab.yaml', 'needs: [create]', 'needs: [update]');
    edit('mistakes/scaled-to-three.sh', 'fails: scale/replicas', 'fails: scale/replica-count');
    expect(problems()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /tasks need each other in a cycle: scale → update → scale|update → scale → update \[needs\]/,
        ),
        'lab/README.md:1:1: no section for task "scale" (a line "<!-- task: scale -->" followed by its instructions) [task-sections]',
        'lab/mistakes/scaled-to-three.sh:1:1: no check "replica-count" in task "scale" [mistake-header]',
      ]),
    );
  });

  it('reports malformed YAML at its place', () => {
    edit('lab.yaml', 'difficulty: beginner', 'difficulty: [beginner');
    expect(problems()[0]).toMatch(/^lab\/lab\.yaml:\d+:\d+: .* \[yaml\]$/);
  });

  it('splits the instructions per task in both languages', () => {
    const lab = loadContent(dir).labs.get('deployment-basics');
    expect(Object.keys(lab?.instructions.en?.tasks ?? {})).toEqual(['create', 'scale', 'update']);
    expect(lab?.instructions.zh?.tasks.scale).toContain('4 个副本');
  });
});

describe('kubectl JSONPath', () => {
  it('is translated for jsonpath-plus', () => {
    expect(kubectlPath('{.spec.replicas}')).toBe('$.spec.replicas');
    expect(kubectlPath('.metadata.labels.app\\.kubernetes\\.io/name')).toBe(
      '$.metadata.labels["app.kubernetes.io/name"]',
    );
    expect(kubectlPath('{.status.conditions[?(@.type=="Ready")].status}')).toBe(
      '$.status.conditions[?(@.type=="Ready")].status',
    );
  });

  it('selects values as kubectl would print them', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
      metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
    };
    expect(select(pod, '{.spec.containers[*].image}')).toEqual(['x', 'y']);
    expect(select(pod, '.spec.containers[?(@.name=="b")].image')).toEqual(['y']);
    expect(select(pod, '.metadata.labels.app\\.kubernetes\\.io/name')).toEqual(['web']);
    expect(select(pod, '.spec.missing')).toEqual([]);
  });
});

describe('exams', () => {
  const fixture = resolve(__dirname, 'fixtures/exam-two-clusters');
  const examDir = () => join(dir, 'exam');
  const editExam = (file: string, from: string | RegExp, to: string) => {
    const path = join(examDir(), file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
  };
  beforeEach(() => {
    rmSync(join(dir, 'lab'), { recursive: true });
    cpSync(fixture, examDir(), { recursive: true });
  });

  it('loads as a lab whose checks read the cluster of their task', () => {
    const catalog = loadContent(dir);
    expect(problems()).toEqual([]);
    const loaded = catalog.exams.get('exam-two-clusters');
    expect(loaded?.lab.tasks.map((t) => [t.id, t.checks[0].cluster])).toEqual([
      ['web', 'k8s-c1'],
      ['team-a', 'k8s-c2'],
      ['team-b', 'k8s-c2'],
    ]);
    expect(catalog.labs.size).toBe(0);
  });

  it('cuts the solution into one script per task', () => {
    const loaded = loadContent(dir).exams.get('exam-two-clusters');
    expect(loaded?.solutions).toEqual({
      web: 'kubectl --context k8s-c1 run web --image=nginx',
      'team-a': 'kubectl --context k8s-c2 create namespace team-a',
      'team-b': 'kubectl --context k8s-c2 create namespace team-b',
    });
  });

  it('draws the tasks without a pool and as many of each pool as draw says', () => {
    const exam = loadContent(dir).exams.get('exam-two-clusters')?.exam as Exam;
    expect(drawTasks(exam, () => 0).map((t) => t.id)).toEqual(['web', 'team-a']);
    expect(drawTasks(exam, () => 0.99).map((t) => t.id)).toEqual(['web', 'team-b']);
  });

  it('reports unknown clusters, undeclared pools, oversized draws and missing solutions', () => {
    editExam('exam.yaml', 'cluster: k8s-c1', 'cluster: k8s-c9');
    editExam(
      'exam.yaml',
      'pool: namespaces\n    title: { en: Create namespace team-b',
      'pool: other\n    title: { en: Create namespace team-b',
    );
    editExam('solution.sh', '# task: team-b', '# team-b');
    expect(problems()).toEqual([
      expect.stringMatching(
        /^exam\/exam\.yaml:\d+:\d+: no cluster named "k8s-c9" in clusters \[cluster-ref\]$/,
      ),
      expect.stringMatching(/^exam\/exam\.yaml:\d+:\d+: pool "other" is not in draw \[pool\]$/),
      'exam/solution.sh:1:1: no solution for task "team-b" (a line "# task: team-b" followed by its commands) [solution]',
    ]);
    editExam('exam.yaml', 'namespaces: 1', 'namespaces: 3');
    expect(problems()).toContainEqual(
      expect.stringMatching(/draws 3 tasks from pool "namespaces", which has 1 \[pool\]$/),
    );
  });
});
