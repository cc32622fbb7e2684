import { Alert, Button, Container } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

interface State {
  error?: Error;
}

/** A page that fails to render says so and offers a reload, instead of leaving a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Container size="sm" py="xl">
        <Alert color="red" role="alert" title={i18n.t('errors.page')}>
          {i18n.t('errors.generic', { message: error.message })}
          <Button mt="md" display="block" onClick={() => window.location.reload()}>
            {i18n.t('errors.reload')}
          </Button>
        </Alert>
      </Container>
    );
  }
}
