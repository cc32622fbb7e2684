import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { StartProgress } from './StartProgress';

afterEach(cleanup);

const current = () =>
  [...document.querySelectorAll('[aria-current="step"]')].map((e) => e.textContent);

describe('the steps of starting a lab', () => {
  it('names the step under way, after those done', () => {
    renderWithProviders(<StartProgress step="setup" />);
    expect(screen.queryByText('Creating your cluster')).not.toBeNull();
    expect(current()).toEqual([expect.stringContaining('Applying the lab’s set-up')]);
    expect(document.querySelectorAll('.mantine-Stepper-step[data-completed]')).toHaveLength(1);
  });

  it('ends with the terminal', () => {
    renderWithProviders(<StartProgress step="terminal" />, 'zh');
    expect(current()).toEqual([expect.stringContaining('打开终端')]);
    expect(document.querySelectorAll('.mantine-Stepper-step[data-completed]')).toHaveLength(2);
  });
});
