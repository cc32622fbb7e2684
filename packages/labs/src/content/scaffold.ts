/** `kubebelt-lab new <course>/<module>/<lab>`: a lab folder that lints, ready to be written. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function scaffoldLab(root: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== 3 || parts.some((p) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p)))
    throw new Error('expected <course>/<module>/<lab>, each lowercase kebab-case');
  const [course, module, id] = parts;
  const dir = join(root, course, module, id);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  if (!existsSync(join(root, course, module, 'module.yaml')))
    throw new Error(`${join(root, course, module)} has no module.yaml: create the module first`);
  mkdirSync(join(dir, 'mistakes'), { recursive: true });
  const files: Record<string, string> = {
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
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
