import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An API error as a sentence the learner can act on, never a blank page. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message =
    error instanceof ApiError && error.status === 0
      ? t('errors.network')
      : error instanceof ApiError && error.status === 404
        ? t('errors.notFound')
        : t('errors.generic', { message: (error as Error).message });
  return (
    <Alert color="red" role="alert" title={null}>
      {message}
    </Alert>
  );
}
