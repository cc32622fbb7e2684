import {
  Badge,
  Button,
  Card,
  Container,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useClasses, useCreateClass, useJoinClass } from '../api/class-hooks';
import { useMe } from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';

/** The account's classes; instructors create them, everyone joins one with its invite code. */
export function ClassesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const classes = useClasses();
  const teaches = me.data?.role === 'instructor' || me.data?.role === 'admin';

  if (classes.isPending) return <Loader m="xl" />;
  if (classes.error) return <ErrorNotice error={classes.error} />;
  return (
    <Container size="lg" py="lg">
      <Stack>
        <Title order={1}>{t('classes.title')}</Title>
        {classes.data.length === 0 ? (
          <Text c="dimmed">{t('classes.none')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {classes.data.map((c) => (
              <Card key={c.id} withBorder padding="lg" component="article" aria-label={c.name}>
                <Stack gap="xs" h="100%">
                  <Title order={2} size="h4">
                    {c.name}
                  </Title>
                  <Group gap="xs">
                    <Badge variant="light">{t('classes.memberCount', { count: c.members })}</Badge>
                    <Badge variant="light" color="grape">
                      {t('classes.assignmentCount', { count: c.assignments })}
                    </Badge>
                  </Group>
                  <Group mt="auto">
                    <Button component={Link} to={`/classes/${c.id}`} variant="light">
                      {t('classes.open')}
                    </Button>
                  </Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, md: teaches ? 2 : 1 }} mt="lg">
          {teaches && <CreateForm />}
          <JoinForm />
        </SimpleGrid>
      </Stack>
    </Container>
  );
}

function CreateForm() {
  const { t } = useTranslation();
  const create = useCreateClass();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name, { onSuccess: (c) => navigate(`/classes/${c.id}`) });
  };
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack>
        <Title order={2} size="h4">
          {t('classes.create')}
        </Title>
        <TextInput
          label={t('classes.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={120}
        />
        <ErrorNotice error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            {t('classes.createButton')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const join = useJoinClass();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate(code.trim(), { onSuccess: (c) => navigate(`/classes/${c.id}`) });
  };
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack>
        <Title order={2} size="h4">
          {t('classes.join')}
        </Title>
        <TextInput
          label={t('classes.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
          maxLength={64}
        />
        <ErrorNotice error={join.error} />
        <Group>
          <Button type="submit" loading={join.isPending} disabled={!code.trim()}>
            {t('classes.joinButton')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
