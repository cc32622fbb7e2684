import { TextInput } from '@mantine/core';
import type { SearchAddon } from '@xterm/addon-search';
import { type RefObject, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The search box over an xterm: finds as the learner types, Enter finds the next match. */
export function TerminalSearch({ search }: { search: RefObject<SearchAddon | undefined> }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  return (
    <TextInput
      size="xs"
      placeholder={t('lab.search')}
      aria-label={t('lab.search')}
      value={query}
      onChange={(e) => {
        setQuery(e.currentTarget.value);
        search.current?.findNext(e.currentTarget.value, { incremental: true });
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') search.current?.findNext(query);
      }}
    />
  );
}
