import type { AuditEventView } from '@kubebelt/contract';
import {
  Badge,
  Card,
  Code,
  Group,
  Loader,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditLog } from '../../api/admin-hooks';
import { ErrorNotice } from '../ErrorNotice';

const PAGE_SIZE = 20;
/** The filters offered: every action, or the actions of one area (the API matches the prefix). */
const AREAS = ['', 'account.', 'invitation.', 'settings.', 'exam.'] as const;

/** The audit log, newest first: admin actions and exam actions, filtered and paged by the server. */
export function AuditLogTable() {
  const { t, i18n } = useTranslation();
  const [action, setAction] = useState('');
  const [targetId, setTargetId] = useState('');
  const [page, setPage] = useState(1);
  const log = useAuditLog({ action, targetId, page, pageSize: PAGE_SIZE });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / PAGE_SIZE)) : 1;
  return (
    <Card withBorder component="section" aria-label={t('admin.audit.title')}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h4">
            {t('admin.audit.title')}
          </Title>
          <Group gap="xs" align="flex-end">
            <Select
              size="xs"
              label={t('admin.audit.area')}
              value={action}
              allowDeselect={false}
              data={AREAS.map((a) => ({
                value: a,
                label: t(`admin.audit.areas.${a.replace('.', '') || 'all'}`),
              }))}
              onChange={(v) => {
                setAction(v ?? '');
                setPage(1);
              }}
            />
            <TextInput
              size="xs"
              label={t('admin.audit.target')}
              placeholder={t('admin.audit.targetHint')}
              value={targetId}
              onChange={(e) => {
                setTargetId(e.currentTarget.value);
                setPage(1);
              }}
            />
          </Group>
        </Group>
        <ErrorNotice error={log.error} />
        {log.isPending ? (
          <Loader />
        ) : log.data && log.data.events.length === 0 ? (
          <Text c="dimmed">{t('admin.audit.none')}</Text>
        ) : (
          log.data && (
            <Table.ScrollContainer minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.audit.at')}</Table.Th>
                    <Table.Th>{t('admin.audit.actor')}</Table.Th>
                    <Table.Th>{t('admin.audit.action')}</Table.Th>
                    <Table.Th>{t('admin.audit.on')}</Table.Th>
                    <Table.Th>{t('admin.audit.detail')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {log.data.events.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                          {new Date(e.at).toLocaleString(i18n.language)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{e.actorEmail ?? t('admin.audit.platform')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={colourOf(e.action)} tt="none">
                          {e.action}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {e.targetType ? `${e.targetType} ${shortId(e.targetId)}` : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <DetailCell event={e} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
        {log.data && (
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('admin.audit.total', { count: log.data.total })}
            </Text>
            <Pagination size="sm" total={pages} value={page} onChange={setPage} />
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function colourOf(action: string): string {
  if (action.startsWith('exam.')) return 'grape';
  if (action.startsWith('settings.')) return 'orange';
  if (action === 'account.disabled') return 'red';
  return 'blue';
}

function shortId(id: string | null): string {
  if (!id) return '';
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** The event's details as `key: value` pairs; a setting's change as `from → to`. */
function DetailCell({ event }: { event: AuditEventView }) {
  if (!event.detail) return <Text size="xs">—</Text>;
  const parts = Object.entries(event.detail).map(([key, value]) => {
    const change = value as { from?: unknown; to?: unknown } | null;
    const shown =
      change && typeof change === 'object' && 'from' in change && 'to' in change
        ? `${String(change.from)} → ${String(change.to)}`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    return `${key}: ${shown}`;
  });
  return (
    <Code fz="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.join('\n')}
    </Code>
  );
}
