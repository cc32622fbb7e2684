import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { ErrorBoundary } from './ErrorBoundary';

function Broken(): never {
  throw new Error('lab.tasks is undefined');
}

afterEach(cleanup);

describe('a page that fails to render', () => {
  it('says what went wrong and offers a reload, not a blank page', () => {
    // React reports the caught error on the console too
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    renderWithProviders(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    quiet.mockRestore();
    expect(screen.getByRole('alert').textContent).toContain(
      'Something went wrong: lab.tasks is undefined',
    );
    expect(screen.queryByRole('button', { name: 'Reload the page' })).not.toBeNull();
  });
});
