import { AppShell, Button, Group, SegmentedControl, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLogout, useMe, useSetLocale } from '../api/hooks';
import { type Language, rememberLanguage } from '../i18n';

/** Header with navigation, the language switch and the account; the page below. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const setLocale = useSetLocale();
  const navigate = useNavigate();
  const changeLanguage = (lang: string) => {
    rememberLanguage(lang as Language);
    if (me.data) setLocale.mutate(lang as Language);
  };
  return (
    <AppShell header={{ height: 52 }} padding={0}>
      <AppShell.Header px="md" className="no-print">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text component={Link} to="/" fw={800} size="lg" c="blue.7">
              ⎈ {t('app.name')}
            </Text>
            {me.data && (
              <>
                <Link to="/">{t('nav.catalog')}</Link>
                <Link to="/progress">{t('nav.progress')}</Link>
                <Link to="/exams">{t('nav.exams')}</Link>
                <Link to="/classes">{t('nav.classes')}</Link>
                {(me.data.role === 'instructor' || me.data.role === 'admin') && (
                  <Link to="/author">{t('nav.author')}</Link>
                )}
                {me.data.role === 'admin' && <Link to="/admin">{t('nav.admin')}</Link>}
              </>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label={t('nav.language')}
              value={i18n.language}
              onChange={changeLanguage}
              data={[
                { value: 'en', label: 'EN' },
                { value: 'zh', label: '中文' },
              ]}
            />
            {me.data && (
              <>
                <Text size="sm" c="dimmed" visibleFrom="md">
                  {me.data.email}
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/') })}
                >
                  {t('nav.signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
