/** `kubebelt-lab new <course>/<module>/<lab>`: a lab folder that lints, ready to be written. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentTemplate } from './templates';

export function scaffoldLab(root: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== 3 || parts.some((p) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p)))
    throw new Error('expected <course>/<module>/<lab>, each lowercase kebab-case');
  const [course, module, id] = parts;
  const dir = join(root, course, module, id);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  if (!existsSync(join(root, course, module, 'module.yaml')))
    throw new Error(`${join(root, course, module)} has no module.yaml: create the module first`);
  const files = contentTemplate('Lab', id);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
