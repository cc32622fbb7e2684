import type { QuizResult, QuizView } from '@kubebelt/contract';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { QuizQuestion } from './QuizQuestion';

const single: QuizView['questions'][number] = {
  id: 'restart',
  type: 'single',
  prompt: 'Which controller replaces a deleted Pod of a `Deployment`?',
  choices: [
    { id: 'a', text: 'The kubelet' },
    { id: 'b', text: 'The ReplicaSet controller' },
    { id: 'c', text: 'The scheduler' },
  ],
};

const multiple: QuizView['questions'][number] = {
  id: 'namespaced',
  type: 'multiple',
  prompt: 'Which kinds are namespaced?',
  choices: [
    { id: 'pod', text: 'Pod' },
    { id: 'node', text: 'Node' },
    { id: 'svc', text: 'Service' },
  ],
};

function graded(
  question: QuizView['questions'][number],
  chosen: string[],
  answer: string[],
): QuizResult['questions'][number] {
  return {
    id: question.id,
    correct: chosen.join() === answer.join(),
    chosen,
    answer,
    explanation: 'A **ReplicaSet** keeps the number of Pods.',
  };
}

afterEach(cleanup);

describe('a quiz question', () => {
  it('reports the choice the learner picks', () => {
    const onChange = vi.fn();
    renderWithProviders(
      <QuizQuestion question={single} number={1} chosen={[]} onChange={onChange} />,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'The ReplicaSet controller' }));
    expect(onChange).toHaveBeenCalledWith(['b']);
    expect(screen.queryByText('Why')).toBeNull();
  });

  it('once graded, marks the right answer and the learner’s wrong pick, and explains', () => {
    renderWithProviders(
      <QuizQuestion
        question={single}
        number={1}
        chosen={['a']}
        onChange={() => {}}
        graded={graded(single, ['a'], ['b'])}
      />,
    );
    const choice = (id: string) => screen.getByTestId(`choice-${id}`);
    expect(choice('a').dataset.state).toBe('wrong');
    expect(within(choice('a')).queryByText(/Your answer, wrong/)).not.toBeNull();
    expect(choice('b').dataset.state).toBe('missed');
    expect(within(choice('b')).queryByText(/Right answer/)).not.toBeNull();
    expect(choice('c').dataset.state).toBe('other');
    expect(screen.queryByText('Wrong')).not.toBeNull();
    expect(screen.queryByText('ReplicaSet', { selector: 'strong' })).not.toBeNull();
    expect(screen.getByRole('radio', { name: /The scheduler/ })).toHaveProperty('disabled', true);
  });

  it('marks every right choice of a multiple-choice question, picked or missed', () => {
    renderWithProviders(
      <QuizQuestion
        question={multiple}
        number={2}
        chosen={['pod', 'node']}
        onChange={() => {}}
        graded={graded(multiple, ['pod', 'node'], ['pod', 'svc'])}
      />,
    );
    const states = ['pod', 'node', 'svc'].map(
      (id) => screen.getByTestId(`choice-${id}`).dataset.state,
    );
    expect(states).toEqual(['correct', 'wrong', 'missed']);
    expect(screen.queryByText(/Your answer, right/)).not.toBeNull();
  });

  it('says it in Chinese', () => {
    renderWithProviders(
      <QuizQuestion
        question={single}
        number={1}
        chosen={['a']}
        onChange={() => {}}
        graded={graded(single, ['a'], ['b'])}
      />,
      'zh',
    );
    expect(screen.queryByText(/你的选择，错误/)).not.toBeNull();
    expect(screen.queryByText('解析')).not.toBeNull();
  });
});
