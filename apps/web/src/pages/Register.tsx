import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useLogin } from '../api/hooks';

/** Sign-up with an invitation (from an admin, or a class's member list), then signed in. */
export function Register() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const invitation = params.get('invitation') ?? '';
  const register = useMutation({
    mutationFn: () =>
      api('POST', '/auth/register', {
        email,
        name,
        password,
        ...(invitation ? { invitation } : {}),
      }),
    onSuccess: () =>
      login.mutate({ email, password }, { onSuccess: () => navigate('/', { replace: true }) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  const error = register.error ?? login.error;
  return (
    <Container size={420} py={60}>
      <Paper withBorder shadow="sm" p="lg" radius="md">
        <form onSubmit={submit}>
          <Stack>
            <Title order={1} size="h3">
              {t('register.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {invitation ? t('register.invited') : t('register.open')}
            </Text>
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <TextInput
              label={t('register.name')}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('signIn.password')}
              description={t('register.passwordRule')}
              autoComplete="new-password"
              required
              minLength={10}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {error && (
              <Alert color="red" role="alert">
                {t('register.failed', { message: error.message })}
              </Alert>
            )}
            <Button type="submit" loading={register.isPending || login.isPending}>
              {t('register.submit')}
            </Button>
            <Anchor component={Link} to="/" size="sm">
              {t('register.haveAccount')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
