import { Badge, Button, Card, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAccounts, useUpdateAccount } from '../../api/admin-hooks';
import { useMe } from '../../api/hooks';
import { ErrorNotice } from '../ErrorNotice';

const ROLES = ['student', 'instructor', 'admin'] as const;

/** Every account: its role (changed in place) and whether it may sign in. */
export function AccountsTable() {
  const { t, i18n } = useTranslation();
  const accounts = useAccounts();
  const update = useUpdateAccount();
  const me = useMe();
  if (accounts.isPending) return <Loader />;
  if (accounts.error) return <ErrorNotice error={accounts.error} />;
  return (
    <Card withBorder aria-labelledby="admin-accounts-title" component="section">
      <Stack gap="sm">
        <Title order={2} size="h4" id="admin-accounts-title">
          {t('admin.accounts.title', { count: accounts.data.length })}
        </Title>
        <ErrorNotice error={update.error} />
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.accounts.account')}</Table.Th>
                <Table.Th>{t('admin.accounts.role')}</Table.Th>
                <Table.Th>{t('admin.accounts.created')}</Table.Th>
                <Table.Th>{t('admin.accounts.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.data.map((a) => {
                const self = a.id === me.data?.id;
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {a.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {a.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        w={130}
                        aria-label={t('admin.accounts.roleOf', { email: a.email })}
                        value={a.role}
                        disabled={self}
                        allowDeselect={false}
                        data={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
                        onChange={(role) =>
                          role && update.mutate({ id: a.id, role: role as (typeof ROLES)[number] })
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {new Date(a.createdAt).toLocaleDateString(i18n.language)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {self ? (
                        <Badge variant="light">{t('admin.accounts.you')}</Badge>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant={a.disabled ? 'filled' : 'light'}
                          color={a.disabled ? 'teal' : 'red'}
                          aria-label={t(
                            a.disabled ? 'admin.accounts.enableOf' : 'admin.accounts.disableOf',
                            {
                              email: a.email,
                            },
                          )}
                          onClick={() => update.mutate({ id: a.id, disabled: !a.disabled })}
                        >
                          {a.disabled ? t('admin.accounts.enable') : t('admin.accounts.disable')}
                        </Button>
                      )}
                      {a.disabled && (
                        <Badge color="red" variant="outline" ml="xs">
                          {t('admin.accounts.disabled')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
