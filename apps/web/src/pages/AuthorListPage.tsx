import type { AuthoredKind } from '@kubebelt/contract';
import {
  Badge,
  Button,
  Card,
  Container,
  FileButton,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAuthoredItems, useCreateAuthored, useImportArchive } from '../api/authoring-hooks';
import { ErrorNotice } from '../components/ErrorNotice';

const KIND_COLORS: Record<AuthoredKind, string> = { Lab: 'blue', Quiz: 'teal', Exam: 'grape' };

/** An instructor's labs, quizzes and exams: new from a template, import a folder, open one. */
export function AuthorListPage() {
  const { t } = useTranslation();
  const items = useAuthoredItems();
  const create = useCreateAuthored();
  const importArchive = useImportArchive();
  const navigate = useNavigate();
  const [kind, setKind] = useState<AuthoredKind>('Lab');
  const [id, setId] = useState('');
  const open = (item: { id: string }) => navigate(`/author/${item.id}`);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ kind, id: id.trim() }, { onSuccess: open });
  };

  if (items.isPending) return <Loader m="xl" />;
  if (items.error) return <ErrorNotice error={items.error} />;
  return (
    <Container size="lg" py="lg">
      <Stack>
        <Title order={1}>{t('author.title')}</Title>
        <Text c="dimmed">{t('author.intro')}</Text>
        <Card withBorder>
          <Group align="flex-end" justify="space-between">
            <form onSubmit={submit} aria-label={t('author.new')}>
              <Group align="flex-end">
                <SegmentedControl
                  aria-label={t('author.kind')}
                  value={kind}
                  onChange={(v) => setKind(v as AuthoredKind)}
                  data={(['Lab', 'Quiz', 'Exam'] as const).map((k) => ({
                    value: k,
                    label: t(`author.kinds.${k}`),
                  }))}
                />
                <TextInput
                  label={t('author.id')}
                  description={t('author.idRule')}
                  placeholder="scale-web"
                  value={id}
                  onChange={(e) => setId(e.currentTarget.value)}
                  required
                  pattern="[a-z0-9]([-a-z0-9]*[a-z0-9])?"
                />
                <Button type="submit" loading={create.isPending}>
                  {t('author.create')}
                </Button>
              </Group>
            </form>
            <FileButton
              accept=".tar.gz,.tgz,application/gzip"
              onChange={(file) => file && importArchive.mutate(file, { onSuccess: open })}
            >
              {(props) => (
                <Button variant="default" loading={importArchive.isPending} {...props}>
                  {t('author.import')}
                </Button>
              )}
            </FileButton>
          </Group>
          <ErrorNotice error={create.error ?? importArchive.error} />
        </Card>
        {items.data.length === 0 ? (
          <Text c="dimmed">{t('author.none')}</Text>
        ) : (
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('author.kind')}</Table.Th>
                <Table.Th>{t('author.itemTitle')}</Table.Th>
                <Table.Th>{t('author.id')}</Table.Th>
                <Table.Th>{t('author.status')}</Table.Th>
                <Table.Th>{t('author.owner')}</Table.Th>
                <Table.Th>{t('author.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Badge color={KIND_COLORS[item.kind]} variant="light">
                      {t(`author.kinds.${item.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Link to={`/author/${item.id}`}>{item.title}</Link>
                  </Table.Td>
                  <Table.Td>
                    <code>{item.itemId}</code>
                  </Table.Td>
                  <Table.Td>
                    <PublishState published={item.published} changed={item.changed} />
                  </Table.Td>
                  <Table.Td>{item.owner}</Table.Td>
                  <Table.Td>{new Date(item.updatedAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Container>
  );
}

export function PublishState({
  published,
  changed,
}: {
  published: number | null;
  changed: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {published === null ? (
        <Badge color="gray" variant="outline">
          {t('author.draftOnly')}
        </Badge>
      ) : (
        <Badge color="green" variant="light">
          {t('author.publishedVersion', { version: published })}
        </Badge>
      )}
      {published !== null && changed && (
        <Badge color="yellow" variant="light">
          {t('author.changedSince')}
        </Badge>
      )}
    </Group>
  );
}
