import type { AccountView } from '@kubebelt/contract';
import type { Account } from '../database/prisma-client';

export function accountView(account: Account): AccountView {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    locale: account.locale === 'en' || account.locale === 'zh' ? account.locale : null,
  };
}
