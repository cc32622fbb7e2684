/**
 * What a new lab, quiz or exam starts from: files that lint and verify as they are, with TODOs
 * where the author writes. `kubebelt-lab new` and the browser's "New" both start here.
 */
import type { ContentKind } from '../schema';

export type AuthorableKind = Extract<ContentKind, 'Lab' | 'Quiz' | 'Exam'>;
export const AUTHORABLE_KINDS: readonly AuthorableKind[] = ['Lab', 'Quiz', 'Exam'];

/** The file that names a folder's kind (lab.yaml, quiz.yaml, exam.yaml). */
export function contentFileOf(kind: AuthorableKind): string {
  return `${kind.toLowerCase()}.yaml`;
}

export function contentTemplate(kind: AuthorableKind, id: string): Record<string, string> {
  if (kind === 'Quiz') return quizTemplate(id);
  if (kind === 'Exam') return examTemplate(id);
  return labTemplate(id);
}

function labTemplate(id: string): Record<string, string> {
  return {
    'lab.yaml': `apiVersion: kubebelt.dev/v1
kind: Lab
id: ${id}
title:
  en: TODO title
  zh: TODO 标题
summary:
  en: TODO one sentence on what the learner does.
  zh: TODO 一句话说明学员要做什么。
difficulty: beginner
estimatedMinutes: 10
domains: [cka.workloads-scheduling]
kubernetesVersion: '1.33'
tasks:
  - id: create-deployment
    title:
      en: Create the Deployment
      zh: 创建 Deployment
    hints:
      - en: kubectl create deployment --help shows the flags.
        zh: kubectl create deployment --help 会列出可用参数。
    checks:
      - id: replicas
        type: field
        target: { kind: Deployment, name: web }
        path: .spec.replicas
        value: 2
      - id: rolled-out
        type: rolledOut
        target: { kind: Deployment, name: web }
`,
    'README.md': `# TODO title

What this lab teaches, in two or three sentences.

<!-- task: create-deployment -->
## Create the Deployment

Create a Deployment \`web\` running \`nginx:1.27\` with 2 replicas.
`,
    'README.zh.md': `# TODO 标题

用两三句话说明本实验的内容。

<!-- task: create-deployment -->
## 创建 Deployment

创建名为 \`web\` 的 Deployment，镜像为 \`nginx:1.27\`，副本数为 2。
`,
    'solution.sh': `kubectl create deployment web --image=nginx:1.27 --replicas=2
`,
    'mistakes/one-replica.sh': `# mistake: forgets --replicas
# fails: create-deployment/replicas
# message: expected 2
kubectl create deployment web --image=nginx:1.27
`,
  };
}

function quizTemplate(id: string): Record<string, string> {
  return {
    'quiz.yaml': `apiVersion: kubebelt.dev/v1
kind: Quiz
id: ${id}
title:
  en: TODO title
  zh: TODO 标题
summary:
  en: TODO one sentence on what the quiz asks about.
  zh: TODO 一句话说明测验的内容。
domains: [cka.workloads-scheduling]
passPercent: 70
questions:
  - id: restart-policy-default
    type: single
    prompt:
      en: A Pod manifest does not set \`restartPolicy\`. Which value does the Pod get?
      zh: Pod 清单没有设置 \`restartPolicy\`，Pod 使用的值是什么？
    choices:
      - id: a
        text: { en: "\`Always\`", zh: "\`Always\`" }
        correct: true
      - id: b
        text: { en: "\`OnFailure\`", zh: "\`OnFailure\`" }
    explanation:
      en: The API server defaults \`restartPolicy\` to \`Always\`.
      zh: API Server 会把 \`restartPolicy\` 默认设为 \`Always\`。
`,
  };
}

function examTemplate(id: string): Record<string, string> {
  return {
    'exam.yaml': `apiVersion: kubebelt.dev/v1
kind: Exam
id: ${id}
title:
  en: TODO title
  zh: TODO 标题
summary:
  en: TODO what the exam covers, how long it takes and what passes.
  zh: TODO 说明考试范围、时长和及格线。
track: ckad
difficulty: intermediate
domains: [ckad.design-build]
durationMinutes: 30
passPercent: 66
kubernetesVersion: '1.33'
clusters:
  - name: k8s
questions:
  - id: pod-smallest-unit
    type: single
    weight: 1
    prompt:
      en: What is the smallest unit Kubernetes schedules?
      zh: Kubernetes 调度的最小单位是什么？
    choices:
      - id: a
        text: { en: A Pod, zh: Pod }
        correct: true
      - id: b
        text: { en: A container, zh: 容器 }
    explanation:
      en: The scheduler places Pods; the containers of a Pod always run together on one node.
      zh: 调度器以 Pod 为单位放置；同一个 Pod 的容器总是一起运行在同一节点上。
tasks:
  - id: create-deployment
    weight: 2
    cluster: k8s
    title:
      en: Create the Deployment
      zh: 创建 Deployment
    checks:
      - id: replicas
        type: field
        target: { kind: Deployment, name: web }
        path: .spec.replicas
        value: 2
`,
    'README.md': `# TODO title

What the candidate is told before starting.

<!-- task: create-deployment -->
## Create the Deployment

Use context \`k8s\`. Create a Deployment \`web\` running \`nginx:1.27\` with 2 replicas.
`,
    'README.zh.md': `# TODO 标题

考生开始前看到的说明。

<!-- task: create-deployment -->
## 创建 Deployment

使用上下文 \`k8s\`。创建名为 \`web\` 的 Deployment，镜像为 \`nginx:1.27\`，副本数为 2。
`,
    'solution.sh': `# task: create-deployment
kubectl create deployment web --image=nginx:1.27 --replicas=2
`,
  };
}
