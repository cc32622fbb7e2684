import {
  Alert,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogin } from '../api/hooks';
import { HealthStatus } from '../HealthStatus';

export function SignIn() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <Container size={420} py={60}>
      <Title order={1} ta="center">
        kubebelt
      </Title>
      <Text ta="center" c="dimmed" mb="lg">
        {t('app.tagline')}
      </Text>
      <Paper withBorder shadow="sm" p="lg" radius="md">
        <form onSubmit={submit}>
          <Stack>
            <Title order={2} size="h3">
              {t('signIn.title')}
            </Title>
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {login.error && (
              <Alert color="red" role="alert">
                {t('signIn.failed', { message: login.error.message })}
              </Alert>
            )}
            <Button type="submit" loading={login.isPending}>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
      <Text size="sm" c="dimmed" mt="lg" ta="center">
        {t('signIn.intro')}
      </Text>
      <HealthStatus />
    </Container>
  );
}
