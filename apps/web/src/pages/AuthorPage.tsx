import type { ContentFiles, ContentProblem, VerifyStreamEvent } from '@kubebelt/contract';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  streamVerify,
  useAuthoredItem,
  usePublish,
  useSaveDraft,
  validateFiles,
} from '../api/authoring-hooks';
import { CodeEditor } from '../components/CodeEditor';
import { ErrorNotice } from '../components/ErrorNotice';
import { Markdown } from '../components/Markdown';
import { VerifyLog } from '../components/VerifyLog';
import { PublishState } from './AuthorListPage';

/** Files an author may add beside the content file, in the order the list shows them. */
const OPTIONAL_FILES = ['README.md', 'README.zh.md', 'setup.yaml', 'setup.sh', 'solution.sh'];
const FILE_ORDER = ['lab.yaml', 'quiz.yaml', 'exam.yaml', ...OPTIONAL_FILES];

function sortFiles(paths: string[]): string[] {
  const rank = (p: string) => (FILE_ORDER.includes(p) ? FILE_ORDER.indexOf(p) : FILE_ORDER.length);
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const sameFiles = (a: ContentFiles, b: ContentFiles) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * One lab, quiz or exam in the browser: its folder's files in an editor validated as the author
 * types, the instructions previewed in English and Chinese, Verify streamed, and publishing.
 */
export function AuthorPage() {
  const { id = '' } = useParams();
  // a new editor (files, models, Verify log) for each item, even when the route stays mounted
  return <AuthorEditor key={id} id={id} />;
}

function AuthorEditor({ id }: { id: string }) {
  const { t } = useTranslation();
  const item = useAuthoredItem(id);
  const save = useSaveDraft(id);
  const publish = usePublish(id);
  const [files, setFiles] = useState<ContentFiles | null>(null);
  const [selected, setSelected] = useState<string>('');
  const [problems, setProblems] = useState<ContentProblem[]>([]);
  const [events, setEvents] = useState<VerifyStreamEvent[]>([]);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [tab, setTab] = useState<string | null>('preview');
  const [newMistake, setNewMistake] = useState('');
  // this visit's editor models (a later visit starts again from the server's files)
  const [folderKey] = useState(() => `${id}-${Date.now().toString(36)}`);

  // the draft as loaded: the starting point of the editor (later saves keep the local edits)
  useEffect(() => {
    if (item.data && files === null) {
      setFiles(item.data.files);
      setProblems(item.data.problems);
      setSelected(sortFiles(Object.keys(item.data.files))[0]);
    }
  }, [item.data, files]);

  // validate on the server as the author types (the same lint as `kubebelt-lab lint`)
  const latest = useRef(0);
  useEffect(() => {
    if (!files) return;
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      validateFiles(files)
        .then((r) => ticket === latest.current && setProblems(r.problems))
        .catch(() => {});
    }, 400);
    return () => clearTimeout(timer);
  }, [files]);

  const dirty = !!files && !!item.data && !sameFiles(files, item.data.files);
  const paths = useMemo(() => sortFiles(Object.keys(files ?? {})), [files]);

  if (item.isPending || !files)
    return item.error ? <ErrorNotice error={item.error} /> : <Loader m="xl" />;
  const data = item.data;
  if (!data) return <ErrorNotice error={item.error} />;

  const doSave = () => files && save.mutate(files);
  const setFile = (path: string, text: string) => setFiles({ ...files, [path]: text });
  const removeFile = (path: string) => {
    const { [path]: _removed, ...rest } = files;
    setFiles(rest);
    if (selected === path) setSelected(sortFiles(Object.keys(rest))[0]);
  };
  const addFile = (path: string, text: string) => {
    setFiles({ ...files, [path]: text });
    setSelected(path);
  };
  const addMistake = (event: FormEvent) => {
    event.preventDefault();
    const name = newMistake.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return;
    addFile(`mistakes/${name}.sh`, t('author.mistakeTemplate'));
    setNewMistake('');
  };
  const runVerify = async () => {
    setEvents([]);
    setVerifyError(null);
    setVerifying(true);
    setTab('verify');
    try {
      if (dirty) await save.mutateAsync(files);
      await streamVerify(id, (e) => setEvents((all) => [...all, e]));
      await item.refetch();
    } catch (error) {
      setVerifyError(error);
    } finally {
      setVerifying(false);
    }
  };

  const problemsOf = (path: string) => problems.filter((p) => p.file === path);
  const verifiedNow = data.lastVerify?.ok && data.lastVerify.hash === data.hash && !dirty;

  return (
    <Stack gap={0} h="calc(100vh - 52px)">
      <Group px="md" py="xs" justify="space-between" className="author-toolbar" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <Anchor component={Link} to="/author" size="sm">
            ← {t('author.title')}
          </Anchor>
          <Title order={1} size="h4">
            {data.title}
          </Title>
          <Badge variant="light">{t(`author.kinds.${data.kind}`)}</Badge>
          <code>{data.itemId}</code>
          <PublishState published={data.published} changed={data.changed} />
          {dirty && (
            <Badge color="orange" variant="dot">
              {t('author.unsaved')}
            </Badge>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" onClick={doSave} disabled={!dirty} loading={save.isPending}>
            {t('author.save')}
          </Button>
          {data.kind !== 'Quiz' && (
            <Button
              variant="light"
              onClick={runVerify}
              loading={verifying}
              disabled={problems.length > 0}
            >
              {t('author.verify')}
            </Button>
          )}
          <Button
            color="green"
            onClick={() => publish.mutate()}
            loading={publish.isPending}
            disabled={dirty || !data.canPublish}
            title={data.canPublish ? undefined : t('author.publishNeeds')}
          >
            {t('author.publish')}
          </Button>
          <Button
            component="a"
            variant="subtle"
            href={`/api/authoring/items/${id}/export`}
            download
          >
            {t('author.export')}
          </Button>
        </Group>
      </Group>
      <ErrorNotice error={save.error ?? publish.error} />
      <Box className="author-grid">
        <ScrollArea className="author-files" aria-label={t('author.files')}>
          {paths.map((path) => (
            <NavLink
              key={path}
              label={<code>{path}</code>}
              active={path === selected}
              onClick={() => setSelected(path)}
              rightSection={
                problemsOf(path).length ? (
                  <Badge color="red" size="xs" circle>
                    {problemsOf(path).length}
                  </Badge>
                ) : null
              }
            />
          ))}
          <Stack gap={4} p="xs">
            {OPTIONAL_FILES.filter((f) => !(f in files) && data.kind !== 'Quiz').map((f) => (
              <Button key={f} size="compact-xs" variant="subtle" onClick={() => addFile(f, '')}>
                + {f}
              </Button>
            ))}
            {selected && !/^(lab|quiz|exam)\.yaml$/.test(selected) && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => removeFile(selected)}
              >
                {t('author.removeFile', { path: selected })}
              </Button>
            )}
            {data.kind !== 'Quiz' && (
              <form onSubmit={addMistake}>
                <TextInput
                  size="xs"
                  aria-label={t('author.newMistake')}
                  placeholder={t('author.newMistake')}
                  value={newMistake}
                  onChange={(e) => setNewMistake(e.currentTarget.value)}
                />
              </form>
            )}
          </Stack>
        </ScrollArea>
        <Box className="author-editor">
          {selected in files && (
            <CodeEditor
              folder={folderKey}
              path={selected}
              initial={files[selected]}
              onChange={(text) => setFile(selected, text)}
              markers={problemsOf(selected)}
              onSave={doSave}
            />
          )}
        </Box>
        <Tabs value={tab} onChange={setTab} className="author-side" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="preview">{t('author.preview')}</Tabs.Tab>
            <Tabs.Tab
              value="problems"
              rightSection={
                <Badge size="xs" color={problems.length ? 'red' : 'green'} circle>
                  {problems.length}
                </Badge>
              }
            >
              {t('author.problems')}
            </Tabs.Tab>
            {data.kind !== 'Quiz' && <Tabs.Tab value="verify">{t('author.verify')}</Tabs.Tab>}
            <Tabs.Tab value="versions">{t('author.versions')}</Tabs.Tab>
          </Tabs.List>
          <ScrollArea className="author-side-body" p="sm">
            <Tabs.Panel value="preview">
              <Preview files={files} />
            </Tabs.Panel>
            <Tabs.Panel value="problems">
              {problems.length === 0 ? (
                <Text c="green.8">{t('author.noProblems')}</Text>
              ) : (
                <Stack gap="xs">
                  {problems.map((p) => (
                    <Alert
                      key={`${p.file}:${p.line}:${p.column}:${p.message}`}
                      color="red"
                      p="xs"
                      onClick={() => p.file in files && setSelected(p.file)}
                      style={{ cursor: 'pointer' }}
                    >
                      <Text size="sm">
                        <code>
                          {p.file || '/'}:{p.line}:{p.column}
                        </code>{' '}
                        {p.message}
                      </Text>
                    </Alert>
                  ))}
                </Stack>
              )}
            </Tabs.Panel>
            <Tabs.Panel value="verify">
              <Stack>
                {!events.length && !verifying && (
                  <Text c="dimmed" size="sm">
                    {verifiedNow ? t('author.verifiedNow') : t('author.verifyExplain')}
                  </Text>
                )}
                <VerifyLog events={events} />
                {verifying && <Loader size="sm" />}
                <ErrorNotice error={verifyError} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="versions">
              {data.versions.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {t('author.noVersions')}
                </Text>
              ) : (
                <Table>
                  <Table.Tbody>
                    {data.versions.map((v) => (
                      <Table.Tr key={v.version}>
                        <Table.Td>v{v.version}</Table.Td>
                        <Table.Td>{new Date(v.publishedAt).toLocaleString()}</Table.Td>
                        <Table.Td>{v.publishedBy}</Table.Td>
                        <Table.Td>
                          <Anchor
                            href={`/api/authoring/items/${id}/export?version=${v.version}`}
                            download
                          >
                            {t('author.export')}
                          </Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Tabs.Panel>
          </ScrollArea>
        </Tabs>
      </Box>
    </Stack>
  );
}

/** The instructions as learners will read them, in each language the folder has. */
function Preview({ files }: { files: ContentFiles }) {
  const { t, i18n } = useTranslation();
  const languages = [
    { lang: 'en', file: 'README.md' },
    { lang: 'zh', file: 'README.zh.md' },
  ].filter((l) => l.file in files);
  if (!languages.length)
    return (
      <Text c="dimmed" size="sm">
        {t('author.noReadme')}
      </Text>
    );
  const initial = languages.find((l) => l.lang === i18n.language)?.lang ?? languages[0].lang;
  return (
    <Tabs defaultValue={initial} variant="pills">
      <Tabs.List mb="sm">
        {languages.map((l) => (
          <Tabs.Tab key={l.lang} value={l.lang}>
            {l.lang === 'en' ? 'English' : '中文'}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {languages.map((l) => (
        <Tabs.Panel key={l.lang} value={l.lang}>
          <Markdown text={withoutComments(files[l.file])} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** The `<!-- task: id -->` markers (and any other HTML comment) are for the loader, not the reader. */
function withoutComments(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->\n?/g, '');
}
