import type { LabSummary, QuizSummary } from '@kubebelt/contract';
import {
  Badge,
  Card,
  Container,
  Group,
  Loader,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCourse, useCourses, usePublished } from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';

/** Every course with its modules, labs and quizzes, progress and a search box. */
export function Catalog() {
  const { t } = useTranslation();
  const courses = useCourses();
  if (courses.isPending) return <Loader m="xl" />;
  if (courses.error) return <ErrorNotice error={courses.error} />;
  return (
    <Container size="lg" py="md">
      <Title order={1} mb="md">
        {t('catalog.title')}
      </Title>
      {courses.data.map((c) => (
        <CourseSection key={c.id} id={c.id} />
      ))}
      <PublishedSection />
    </Container>
  );
}

function CourseSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const course = useCourse(id);
  const [query, setQuery] = useState('');
  if (course.isPending) return <Loader />;
  if (course.error) return <ErrorNotice error={course.error} />;
  const c = course.data;
  const matches = (item: LabSummary | QuizSummary) =>
    !query ||
    `${item.title} ${item.summary} ${'tags' in item ? item.tags.join(' ') : ''}`
      .toLowerCase()
      .includes(query.toLowerCase());
  return (
    <Stack gap="md" mb="xl">
      <Title order={2}>{c.title}</Title>
      <Text c="dimmed">{c.summary}</Text>
      <Group>
        <Badge variant="light">{t('catalog.labs', { count: c.labs })}</Badge>
        <Badge variant="light">{t('catalog.quizzes', { count: c.quizzes })}</Badge>
        <Text size="sm">
          {t('catalog.completed', { done: c.completedItems, total: c.totalItems })}
        </Text>
      </Group>
      <Progress
        value={c.totalItems ? (100 * c.completedItems) / c.totalItems : 0}
        aria-label={t('catalog.completed', { done: c.completedItems, total: c.totalItems })}
      />
      <TextInput
        placeholder={t('catalog.search')}
        aria-label={t('catalog.search')}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      {c.moduleList.map((m) => {
        const items = m.items.filter(matches);
        if (!items.length) return null;
        const done = m.items.filter((i) => i.progress?.status === 'completed').length;
        return (
          <Stack key={m.id} gap="xs" data-testid={`module-${m.id}`}>
            <Group justify="space-between">
              <Title order={3}>{m.title}</Title>
              <Text size="sm" c="dimmed">
                {t('catalog.completed', { done, total: m.items.length })}
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {m.summary}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              {items.map((item) => (
                <ItemCard key={item.id} item={item} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      })}
    </Stack>
  );
}

/** What instructors published in the browser: shown once there is any. */
function PublishedSection() {
  const { t } = useTranslation();
  const published = usePublished();
  if (!published.data?.length) return null;
  return (
    <Stack gap="md" mb="xl">
      <Title order={2}>{t('catalog.published')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {published.data.map((item) => (
          <ItemCard key={item.id} item={item} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ItemCard({ item }: { item: LabSummary | QuizSummary }) {
  const { t } = useTranslation();
  const status = item.progress?.status ?? 'not-started';
  return (
    <Card
      withBorder
      component={Link}
      to={item.kind === 'lab' ? `/labs/${item.id}` : `/quizzes/${item.id}`}
      data-testid={`item-${item.id}`}
    >
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Badge color={item.kind === 'lab' ? 'blue' : 'grape'} variant="light">
          {item.kind === 'lab' ? t('catalog.lab') : t('catalog.quiz')}
        </Badge>
        <Badge
          color={status === 'completed' ? 'green' : status === 'in-progress' ? 'yellow' : 'gray'}
          variant="dot"
        >
          {t(`catalog.status.${status}`)}
        </Badge>
      </Group>
      <Text fw={600}>{item.title}</Text>
      <Text size="sm" c="dimmed" lineClamp={2}>
        {item.summary}
      </Text>
      <Group gap={6} mt="xs">
        {item.kind === 'lab' ? (
          <>
            <Badge size="xs" variant="outline">
              {t(`catalog.difficulty.${item.difficulty}`)}
            </Badge>
            <Badge size="xs" variant="outline">
              {t('catalog.minutes', { count: item.estimatedMinutes })}
            </Badge>
            {item.troubleshooting && (
              <Badge size="xs" color="orange" variant="outline">
                {t('catalog.troubleshooting')}
              </Badge>
            )}
            {item.tags.map((tag) => (
              <Badge key={tag} size="xs" variant="default" tt="none">
                #{tag}
              </Badge>
            ))}
          </>
        ) : (
          <Badge size="xs" variant="outline">
            {t('catalog.questions', { count: item.questions })}
          </Badge>
        )}
        {item.progress?.bestScore != null && (
          <Badge size="xs" variant="light" color="green">
            {t('catalog.best', { score: item.progress.bestScore, max: item.progress.maxScore })}
          </Badge>
        )}
      </Group>
    </Card>
  );
}
