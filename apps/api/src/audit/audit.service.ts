import type { AuditEventView, AuditPage, AuditQuery } from '@kubebelt/contract';
import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { AuditEvent } from '../database/prisma-client';

export interface AuditRecord {
  /** who acted, or null when the platform did (an exam's time-out) */
  actorId: string | null;
  /** <area>.<verb>: exam.started, account.role-changed, settings.changed, ... */
  action: string;
  target?: { type: string; id: string };
  detail?: Record<string, unknown>;
}

/**
 * The platform's one audit log: admin actions (accounts, roles, settings, invitations) and every
 * exam action. Written by the services that act; read by admins (and per exam attempt).
 */
@Injectable()
export class AuditService {
  constructor(private readonly database: Database) {}

  private get prisma() {
    return this.database.prisma;
  }

  async record(event: AuditRecord): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        actorId: event.actorId,
        action: event.action,
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        detail: event.detail as object | undefined,
      },
    });
  }

  /** The events about one target, oldest first. */
  about(targetType: string, targetId: string): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: { targetType, targetId },
      orderBy: [{ at: 'asc' }],
    });
  }

  /** Newest first, filtered, a page at a time. */
  async list(query: AuditQuery): Promise<AuditPage> {
    const where = {
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
      ...(query.from || query.to
        ? {
            at: {
              ...(query.from ? { gte: new Date(query.from) } : {}),
              ...(query.to ? { lt: new Date(query.to) } : {}),
            },
          }
        : {}),
    };
    const [total, events] = await Promise.all([
      this.prisma.auditEvent.count({ where }),
      this.prisma.auditEvent.findMany({
        where,
        include: { actor: { select: { email: true } } },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
    ]);
    return {
      total,
      page: query.page,
      pageSize: query.pageSize,
      events: events.map((e) => ({ ...auditEventView(e), actorEmail: e.actor?.email ?? null })),
    };
  }
}

export function auditEventView(e: AuditEvent): AuditEventView {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    detail: (e.detail as Record<string, unknown> | null) ?? null,
  };
}
