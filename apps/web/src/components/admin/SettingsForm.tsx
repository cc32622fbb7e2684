import type { PlatformSettingKey, PlatformSettingsValues } from '@kubebelt/contract';
import {
  Button,
  Card,
  Group,
  Loader,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatformSettings, useUpdateSettings } from '../../api/admin-hooks';
import { ErrorNotice } from '../ErrorNotice';

type NumericKey = Exclude<PlatformSettingKey, 'selfRegistration'>;

/** The numeric settings in the order the form shows them, with their bounds (as the API's). */
const NUMBERS: { key: NumericKey; min: number; max: number }[] = [
  { key: 'sessionIdleMinutes', min: 1, max: 1440 },
  { key: 'sessionMaxMinutes', min: 1, max: 10080 },
  { key: 'maxSessionsPerAccount', min: 1, max: 100 },
  { key: 'examReviewHours', min: 0, max: 720 },
  { key: 'transcriptRetentionDays', min: 1, max: 3650 },
  { key: 'transcriptMaxKiB', min: 16, max: 65536 },
];

/** Platform settings: each shows the environment's default; saving sends only what changed. */
export function SettingsForm() {
  const { t } = useTranslation();
  const settings = usePlatformSettings();
  const update = useUpdateSettings();
  const [draft, setDraft] = useState<PlatformSettingsValues | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data.values);
  }, [settings.data]);

  if (settings.isPending) return <Loader />;
  if (settings.error) return <ErrorNotice error={settings.error} />;
  const { values, defaults, overridden } = settings.data;
  const form = draft ?? values;
  const changed = (Object.keys(form) as PlatformSettingKey[]).filter((k) => form[k] !== values[k]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(Object.fromEntries(changed.map((k) => [k, form[k]])));
  };
  const reset = (key: PlatformSettingKey) => update.mutate({ [key]: null });
  const hint = (key: PlatformSettingKey) =>
    overridden.includes(key) ? (
      <Group gap={4} component="span">
        <span>{t('admin.settings.default', { value: String(defaults[key]) })}</span>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => reset(key)}
          aria-label={t('admin.settings.resetOne', { name: t(`admin.settings.names.${key}`) })}
        >
          {t('admin.settings.reset')}
        </Button>
      </Group>
    ) : (
      t('admin.settings.fromEnvironment')
    );

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={t('admin.settings.title')}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('admin.settings.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('admin.settings.intro')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {NUMBERS.map(({ key, min, max }) => (
            <NumberInput
              key={key}
              label={t(`admin.settings.names.${key}`)}
              description={hint(key)}
              min={min}
              max={max}
              allowDecimal={false}
              clampBehavior="strict"
              value={form[key]}
              onChange={(v) => setDraft({ ...form, [key]: typeof v === 'number' ? v : min })}
            />
          ))}
        </SimpleGrid>
        <Switch
          label={t('admin.settings.names.selfRegistration')}
          description={hint('selfRegistration')}
          checked={form.selfRegistration}
          onChange={(e) => setDraft({ ...form, selfRegistration: e.currentTarget.checked })}
        />
        <ErrorNotice error={update.error} />
        <Group>
          <Button type="submit" loading={update.isPending} disabled={changed.length === 0}>
            {t('admin.settings.save')}
          </Button>
          {update.isSuccess && changed.length === 0 && (
            <Text size="sm" c="teal" role="status">
              {t('admin.settings.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
