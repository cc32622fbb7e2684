import { Container, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/hooks';
import { AccountsTable } from '../components/admin/AccountsTable';
import { AuditLogTable } from '../components/admin/AuditLogTable';
import { SettingsForm } from '../components/admin/SettingsForm';

/** Admins: the platform settings, the accounts and their roles, and the audit log. */
export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loader m="xl" />;
  if (me.data?.role !== 'admin')
    return (
      <Container py="lg">
        <Text c="dimmed">{t('admin.only')}</Text>
      </Container>
    );
  return (
    <Container size="xl" py="lg">
      <Stack>
        <Title order={1}>{t('admin.title')}</Title>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <SettingsForm />
          <AccountsTable />
        </SimpleGrid>
        <AuditLogTable />
      </Stack>
    </Container>
  );
}
