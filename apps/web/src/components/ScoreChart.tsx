import type { MyProgress } from '@kubebelt/contract';
import { Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

type Attempt = MyProgress['history'][number];

/** Before the first layout (and in tests) the chart is this wide; then as wide as its box. */
const DEFAULT_WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };
const COLORS = { lab: 'var(--mantine-color-blue-6)', quiz: 'var(--mantine-color-grape-6)' };

export const percentOf = (a: { score: number; maxScore: number }) =>
  a.maxScore ? Math.round((100 * a.score) / a.maxScore) : 0;

/** Every attempt's score in percent, placed at its time; labs and quizzes each joined by a line. */
export function ScoreChart({ history }: { history: Attempt[] }) {
  const { t, i18n } = useTranslation();
  // drawn at the box's own width, so the labels keep their size on a phone and a wide screen
  const { ref, width: measured } = useElementSize();
  const WIDTH = Math.round(measured) || DEFAULT_WIDTH;
  const times = history.map((h) => new Date(h.at).getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (time: number) =>
    PAD.left +
    (last === first ? 0.5 : (time - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (percent: number) => PAD.top + (1 - percent / 100) * (HEIGHT - PAD.top - PAD.bottom);
  const date = (time: number) =>
    new Date(time).toLocaleString(i18n.language, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  return (
    <figure className="score-chart-figure" ref={ref}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="score-chart"
        role="img"
        aria-label={t('progress.chartLabel', {
          count: history.length,
          from: date(first),
          to: date(last),
        })}
      >
        {[0, 50, 100].map((p) => (
          <g key={p}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(p)}
              y2={y(p)}
              stroke="var(--mantine-color-default-border)"
            />
            <text x={PAD.left - 6} y={y(p) + 4} textAnchor="end" fontSize="11" fill="currentColor">
              {p}%
            </text>
          </g>
        ))}
        <text x={PAD.left} y={HEIGHT - 6} fontSize="11" fill="currentColor">
          {date(first)}
        </text>
        {last !== first && (
          <text
            x={WIDTH - PAD.right}
            y={HEIGHT - 6}
            textAnchor="end"
            fontSize="11"
            fill="currentColor"
          >
            {date(last)}
          </text>
        )}
        {(['lab', 'quiz'] as const).map((kind) => {
          const points = history.filter((h) => h.kind === kind);
          return (
            <g key={kind} data-kind={kind}>
              <polyline
                fill="none"
                stroke={COLORS[kind]}
                strokeWidth="2"
                points={points
                  .map((h) => `${x(new Date(h.at).getTime())},${y(percentOf(h))}`)
                  .join(' ')}
              />
              {points.map((h) => (
                <circle
                  key={`${h.at}-${h.id}`}
                  cx={x(new Date(h.at).getTime())}
                  cy={y(percentOf(h))}
                  r="4"
                  fill={COLORS[kind]}
                >
                  <title>{`${h.title}: ${percentOf(h)}% (${date(new Date(h.at).getTime())})`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <Group gap="md" justify="center" component="figcaption">
        {(['lab', 'quiz'] as const).map((kind) => (
          <Group gap={6} key={kind}>
            <span className="legend-dot" style={{ background: COLORS[kind] }} />
            <Text size="sm">{t(`progress.${kind}`)}</Text>
          </Group>
        ))}
      </Group>
    </figure>
  );
}
