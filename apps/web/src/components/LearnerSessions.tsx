import type { LearnerHistory } from '@kubebelt/contract';
import { Alert, Badge, Button, Group, Loader, Modal, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTranscript } from '../api/class-hooks';
import { ErrorNotice } from './ErrorNotice';
import { TranscriptViewer } from './TranscriptViewer';

type Session = LearnerHistory['sessions'][number];

/** A learner's lab and exam sessions in the class drawer; each opens its terminal transcript. */
export function LearnerSessions({
  classId,
  accountId,
  sessions,
}: {
  classId: string;
  accountId: string;
  sessions: Session[];
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<Session | null>(null);
  const when = (at: string) => new Date(at).toLocaleString(i18n.language);
  if (sessions.length === 0) return <Text c="dimmed">{t('classes.nothingYet')}</Text>;
  return (
    <>
      <Table striped>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Badge variant="light" mr="xs">
                  {t(`classes.kind.${s.kind}`)}
                </Badge>
                {s.labId}
              </Table.Td>
              <Table.Td>
                {t(`classes.sessionStatus.${s.status}`, { defaultValue: s.status })}
              </Table.Td>
              <Table.Td>{when(s.startedAt)}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="light"
                  disabled={s.transcriptBytes === 0}
                  onClick={() => setOpen(s)}
                  aria-label={t('classes.openTranscript', { lab: s.labId, at: when(s.startedAt) })}
                >
                  {s.transcriptBytes === 0
                    ? t('classes.noTranscript')
                    : t('classes.transcriptSize', { size: kib(s.transcriptBytes) })}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <TranscriptModal
        classId={classId}
        accountId={accountId}
        session={open}
        onClose={() => setOpen(null)}
      />
    </>
  );
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KiB`;
}

/** The transcript of one session, read-only, over the class page. */
export function TranscriptModal({
  classId,
  accountId,
  session,
  onClose,
}: {
  classId: string;
  accountId: string;
  session: Session | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const transcript = useTranscript(classId, accountId, session?.id ?? null);
  return (
    <Modal
      opened={session !== null}
      onClose={onClose}
      size="90%"
      title={
        session && (
          <Group gap="xs">
            <Text fw={600}>{t('classes.transcriptOf', { lab: session.labId })}</Text>
            <Text c="dimmed" size="sm">
              {new Date(session.startedAt).toLocaleString(i18n.language)}
            </Text>
            <Badge color="gray" variant="outline">
              {t('classes.readOnly')}
            </Badge>
          </Group>
        )
      }
    >
      {transcript.isPending ? (
        <Loader />
      ) : transcript.error ? (
        <ErrorNotice error={transcript.error} />
      ) : (
        <>
          {transcript.data.truncated && (
            <Alert color="yellow" mb="xs" role="status">
              {t('classes.transcriptTruncated', { size: kib(transcript.data.bytes) })}
            </Alert>
          )}
          <TranscriptViewer output={transcript.data.output} />
        </>
      )}
    </Modal>
  );
}
