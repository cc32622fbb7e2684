import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuditService } from '../src/audit/audit.service';
import { AuthoringService } from '../src/authoring/authoring.service';
import { CatalogService } from '../src/catalog/catalog.service';
import { repoRoot } from '../src/paths';
import { Learner } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const run = promisify(execFile);
const PASSWORD = 'authoring-password-1';
const LAB_CLI = path.join(repoRoot, 'packages/labs/bin/kubebelt-lab.js');

/** Reads a streamed Verify (one JSON event per line) to its end. */
async function verifyStream(learner: Learner, id: string) {
  const response = await fetch(`${learner.base}/api/authoring/items/${id}/verify`, {
    method: 'POST',
    headers: { cookie: learner.cookie },
  });
  const lines = (await response.text()).trim().split('\n');
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    events: lines.map((l) => JSON.parse(l)),
  };
}

async function postArchive(learner: Learner, archive: Buffer) {
  const response = await fetch(`${learner.base}/api/authoring/import`, {
    method: 'POST',
    headers: { cookie: learner.cookie, 'content-type': 'application/gzip' },
    body: new Uint8Array(archive),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** An instructor writes a lab in the browser's terms: template, edits, Verify, publish, export, import. */
describe('authoring a lab through the API', () => {
  let platform: TestApp;
  let instructor: Learner;
  let student: Learner;
  let admin: Learner;
  let id: string;
  let work: string;

  beforeAll(async () => {
    platform = await startTestApp('authoring', { password: PASSWORD });
    instructor = await new Learner(platform.base, 'instructor@kubebelt.local', PASSWORD).login();
    student = await new Learner(platform.base, 'student@kubebelt.local', PASSWORD).login();
    admin = await new Learner(platform.base, 'admin@kubebelt.local', PASSWORD).login();
    work = mkdtempSync(path.join(tmpdir(), 'kubebelt-authoring-work-'));
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('is for instructors and admins only', async () => {
    expect((await student.call('GET', '/api/authoring/items')).status).toBe(403);
    expect(
      (await student.call('POST', '/api/authoring/items', { kind: 'Lab', id: 'mine' })).status,
    ).toBe(403);
  });

  it('starts from a template that lints, under an id no other content has', async () => {
    const taken = await instructor.call('POST', '/api/authoring/items', {
      kind: 'Lab',
      id: 'deployment-basics',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('deployment-basics');
    const created = await instructor.call('POST', '/api/authoring/items', {
      kind: 'Lab',
      id: 'scale-web',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'Lab',
      itemId: 'scale-web',
      published: null,
      problems: [],
      lastVerify: null,
      canPublish: false,
    });
    expect(Object.keys(created.body.files).sort()).toEqual([
      'README.md',
      'README.zh.md',
      'lab.yaml',
      'mistakes/one-replica.sh',
      'solution.sh',
    ]);
    id = created.body.id;
    const listed = await admin.call('GET', '/api/authoring/items');
    expect(listed.body.map((i: { itemId: string }) => i.itemId)).toContain('scale-web');
  });

  it('validates as the author types: schema and content rules, placed at their line', async () => {
    const { body } = await instructor.call('GET', `/api/authoring/items/${id}`);
    const broken = {
      ...body.files,
      'lab.yaml': body.files['lab.yaml'].replace('difficulty: beginner', 'difficulty: easy'),
    };
    const checked = await instructor.call('POST', '/api/authoring/validate', { files: broken });
    expect(checked.status).toBe(200);
    expect(checked.body.problems).toEqual([
      expect.objectContaining({
        file: 'lab.yaml',
        line: 10,
        message: expect.stringContaining('/difficulty'),
      }),
    ]);
    const badPath = await instructor.call('PUT', `/api/authoring/items/${id}`, {
      files: { ...body.files, '../../etc/passwd': 'x' },
    });
    expect(badPath.status).toBe(400);
    expect(badPath.body.message).toContain('not a file of a content folder');
  });

  it('saves the edited draft, refuses to publish it before Verify, verifies it step by step', async () => {
    const { body } = await instructor.call('GET', `/api/authoring/items/${id}`);
    const files = {
      ...body.files,
      'lab.yaml': body.files['lab.yaml']
        .replace('en: TODO title', 'en: Scale the web Deployment')
        .replace('value: 2', 'value: 3'),
      'solution.sh': body.files['solution.sh'].replace('--replicas=2', '--replicas=3'),
      'mistakes/one-replica.sh': body.files['mistakes/one-replica.sh'].replace(
        'expected 2',
        'expected 3',
      ),
    };
    const saved = await instructor.call('PUT', `/api/authoring/items/${id}`, { files });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ title: 'Scale the web Deployment', problems: [] });
    expect((await instructor.call('POST', `/api/authoring/items/${id}/publish`)).status).toBe(409);

    const verify = await verifyStream(instructor, id);
    expect(verify.status).toBe(200);
    expect(verify.type).toContain('application/x-ndjson');
    const steps = verify.events.map((e) => e.step);
    expect(steps[0]).toBe('started');
    expect(steps).toEqual(
      expect.arrayContaining(['set-up', 'before', 'solution', 'after', 'mistake']),
    );
    expect(steps.at(-1)).toBe('finished');
    const before = verify.events.find((e) => e.step === 'before');
    expect(before.passing).toBe(0);
    expect(before.results[0]).toMatchObject({
      task: 'create-deployment',
      check: 'replicas',
      passed: false,
    });
    expect(verify.events.find((e) => e.step === 'mistake')).toMatchObject({
      name: 'one-replica',
      ok: true,
    });
    const finished = verify.events.at(-1).outcome;
    expect(finished).toMatchObject({ ok: true, hash: saved.body.hash, passingAfter: 2, checks: 2 });
  }, 120_000);

  it('publishes the verified draft as version 1, served to learners beside labs/', async () => {
    const published = await instructor.call('POST', `/api/authoring/items/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ published: 1, changed: false, canPublish: false });
    expect(published.body.versions).toEqual([
      expect.objectContaining({ version: 1, publishedBy: 'instructor@kubebelt.local' }),
    ]);
    const lab = await student.call('GET', '/api/labs/scale-web');
    expect(lab.status).toBe(200);
    expect(lab.body.title).toBe('Scale the web Deployment');
    const audit = await platform.app.get(AuditService).about('lab', 'scale-web');
    expect(audit.map((e) => e.action)).toEqual(['content.published']);
    expect(JSON.stringify(lab.body)).not.toContain('--replicas=3');
    // a published id stays: sessions and attempts name it
    const renamed = await instructor.call('PUT', `/api/authoring/items/${id}`, {
      files: {
        ...published.body.files,
        'lab.yaml': published.body.files['lab.yaml'].replace('id: scale-web', 'id: scale-api'),
      },
    });
    expect(renamed.status).toBe(409);
    expect((await instructor.call('DELETE', `/api/authoring/items/${id}`)).status).toBe(409);
  });

  it('is served again from the database when the platform starts', async () => {
    platform.app.get(CatalogService).withdrawAuthored('scale-web');
    expect((await student.call('GET', '/api/labs/scale-web')).status).toBe(404);
    await platform.app.get(AuthoringService).onModuleInit();
    expect((await student.call('GET', '/api/labs/scale-web')).body.title).toBe(
      'Scale the web Deployment',
    );
  });

  it('exports the folder that `kubebelt-lab verify` passes, and imports it back edited', async () => {
    const exported = await fetch(`${platform.base}/api/authoring/items/${id}/export?version=1`, {
      headers: { cookie: instructor.cookie },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('scale-web-v1.tar.gz');
    const archive = path.join(work, 'scale-web.tar.gz');
    writeFileSync(archive, Buffer.from(await exported.arrayBuffer()));
    await run('tar', ['-xzf', archive, '-C', work]);
    const verified = await run('node', [LAB_CLI, 'verify', path.join(work, 'scale-web')]);
    expect(verified.stdout).toContain('1/1 labs verified');

    const readme = path.join(work, 'scale-web', 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('# TODO title', '# Scale web'));
    await run('tar', ['-czf', archive, '-C', work, 'scale-web']);
    const imported = await postArchive(instructor, readFileSync(archive));
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ id, published: 1, changed: true, canPublish: false });
    expect(imported.body.files['README.md']).toContain('# Scale web');
  }, 120_000);

  it('refuses archives that are not one content folder, and ids of labs/', async () => {
    const notGzip = await postArchive(instructor, Buffer.from('hello'));
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.message).toContain('not a .tar.gz archive');
    await run('tar', [
      '-czf',
      path.join(work, 'probes.tar.gz'),
      '-C',
      path.join(repoRoot, 'labs/kubernetes/pods'),
      'pod-probes',
    ]);
    const fromLabs = await postArchive(instructor, readFileSync(path.join(work, 'probes.tar.gz')));
    expect(fromLabs.status).toBe(409);
    expect(fromLabs.body.message).toContain('pod-probes');
  });

  it('publishes a quiz once it lints, and an exam after its Verify, each where learners find them', async () => {
    const quiz = await instructor.call('POST', '/api/authoring/items', {
      kind: 'Quiz',
      id: 'quiz-mine',
    });
    expect(
      (await instructor.call('POST', `/api/authoring/items/${quiz.body.id}/verify`)).status,
    ).toBe(400);
    expect(
      (await instructor.call('POST', `/api/authoring/items/${quiz.body.id}/publish`)).status,
    ).toBe(200);
    expect((await student.call('GET', '/api/quizzes/quiz-mine')).status).toBe(200);

    const exam = await instructor.call('POST', '/api/authoring/items', {
      kind: 'Exam',
      id: 'exam-mine',
    });
    const verify = await verifyStream(instructor, exam.body.id);
    expect(verify.events.at(-1)).toMatchObject({ step: 'finished', outcome: { ok: true } });
    expect(
      (await instructor.call('POST', `/api/authoring/items/${exam.body.id}/publish`)).status,
    ).toBe(200);
    const exams = await student.call('GET', '/api/exams');
    expect(exams.body.map((e: { id: string }) => e.id)).toContain('exam-mine');
    const published = await student.call('GET', '/api/published');
    expect(published.body.map((i: { kind: string; id: string }) => `${i.kind}/${i.id}`)).toEqual([
      'lab/scale-web',
      'quiz/quiz-mine',
    ]);
  }, 120_000);
});
