import { randomBytes } from 'node:crypto';
import type {
  AddMembersResult,
  AssignmentView,
  ClassSummary,
  ClassView,
  Language,
  LearnerHistory,
  TranscriptView,
} from '@kubebelt/contract';
import type { GradeReport } from '@kubebelt/labs';
import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { SignedIn } from '../auth/signed-in';
import { CatalogService } from '../catalog/catalog.service';
import { say } from '../catalog/views';
import { Database } from '../database/database';
import type { Assignment, Classroom } from '../database/prisma-client';
import { TranscriptsService } from '../terminal/transcripts.service';
import { assignmentStats } from './class-stats';

const INVITATION_DAYS = 14;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

type ClassWithCounts = Classroom & {
  owner: { email: string; name: string };
  _count: { members: number; assignments: number };
};

/**
 * Classes: instructors create them, add learners (by email or invite code) and assign labs and
 * exams; the dashboard reads the learners' sessions, gradings and exam attempts.
 */
@Injectable()
export class ClassesService {
  constructor(
    private readonly database: Database,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly transcripts: TranscriptsService,
  ) {}

  private get prisma() {
    return this.database.prisma;
  }

  async create(me: SignedIn, name: string): Promise<ClassSummary> {
    const created = await this.prisma.classroom.create({
      data: { name, ownerId: me.account.id, inviteCode: randomBytes(6).toString('base64url') },
      include: this.counts,
    });
    return this.summary(me, created);
  }

  /** Instructors see the classes they own (admins every class); learners the ones they are in. */
  async list(me: SignedIn): Promise<ClassSummary[]> {
    const where =
      me.account.role === 'admin'
        ? {}
        : me.account.role === 'instructor'
          ? { ownerId: me.account.id }
          : { members: { some: { accountId: me.account.id } } };
    const classes = await this.prisma.classroom.findMany({
      where,
      include: this.counts,
      orderBy: { createdAt: 'desc' },
    });
    return classes.map((c) => this.summary(me, c));
  }

  async view(me: SignedIn, id: string, lang: Language): Promise<ClassView> {
    const found = await this.visible(me, id);
    const [members, assignments] = await Promise.all([
      this.prisma.classMember.findMany({
        where: { classId: id },
        include: { account: { select: { email: true, name: true } } },
        orderBy: { joinedAt: 'asc' },
      }),
      this.prisma.assignment.findMany({ where: { classId: id }, orderBy: { createdAt: 'asc' } }),
    ]);
    const teaching = this.teaches(me, found);
    return {
      ...this.summary(me, found),
      // learners see the class's work, not each other
      memberList: teaching
        ? members.map((m) => ({
            accountId: m.accountId,
            email: m.account.email,
            name: m.account.name,
            joinedAt: m.joinedAt.toISOString(),
          }))
        : [],
      assignmentList: assignments.map((a) => this.assignmentView(a, lang)),
    };
  }

  async addMembers(me: SignedIn, id: string, emails: string): Promise<AddMembersResult> {
    await this.owned(me, id);
    const result: AddMembersResult = { added: [], already: [], invited: [], invalid: [] };
    // one per line or several separated by commas, semicolons or tabs; in a CSV row (email,name)
    // the fields that are not addresses are ignored, as is a header line
    const candidates = emails.split(/\r?\n/).flatMap((line) => {
      const fields = line
        .split(/[,;\t]/)
        .map((f) => f.trim().replace(/^"|"$/g, '').toLowerCase())
        .filter(Boolean);
      const addresses = fields.filter((f) => f.includes('@'));
      if (addresses.length) return addresses;
      return fields.length && fields[0] !== 'email' ? [fields[0]] : [];
    });
    for (const email of [...new Set(candidates)]) {
      if (!EMAIL.test(email)) {
        result.invalid.push(email);
        continue;
      }
      const account = await this.prisma.account.findUnique({ where: { email } });
      if (!account) {
        const { invitation, token } = await this.auth.createInvitation(
          me.account.id,
          email,
          'student',
          INVITATION_DAYS,
          id,
        );
        result.invited.push({ email, token, expiresAt: invitation.expiresAt.toISOString() });
        continue;
      }
      const existing = await this.prisma.classMember.findUnique({
        where: { classId_accountId: { classId: id, accountId: account.id } },
      });
      if (existing) result.already.push(email);
      else {
        await this.prisma.classMember.create({ data: { classId: id, accountId: account.id } });
        result.added.push(email);
      }
    }
    return result;
  }

  async removeMember(me: SignedIn, id: string, accountId: string): Promise<void> {
    await this.owned(me, id);
    await this.prisma.classMember.deleteMany({ where: { classId: id, accountId } });
  }

  async join(me: SignedIn, code: string): Promise<ClassSummary> {
    const found = await this.prisma.classroom.findUnique({
      where: { inviteCode: code },
      include: this.counts,
    });
    if (!found) throw new NotFoundException('No class has this invite code');
    await this.prisma.classMember.upsert({
      where: { classId_accountId: { classId: found.id, accountId: me.account.id } },
      create: { classId: found.id, accountId: me.account.id },
      update: {},
    });
    return this.summary(me, {
      ...found,
      _count: { ...found._count, members: found._count.members + 1 },
    });
  }

  async assign(
    me: SignedIn,
    id: string,
    body: { kind: 'lab' | 'exam'; itemId: string; dueAt?: string | null },
    lang: Language,
  ): Promise<AssignmentView> {
    await this.owned(me, id);
    const known =
      body.kind === 'lab' ? this.catalog.findLab(body.itemId) : this.catalog.findExam(body.itemId);
    if (!known) throw new NotFoundException(`No ${body.kind} ${body.itemId}`);
    const exists = await this.prisma.assignment.findUnique({
      where: { classId_kind_itemId: { classId: id, kind: body.kind, itemId: body.itemId } },
    });
    if (exists) throw new ConflictException(`The ${body.kind} ${body.itemId} is already assigned`);
    const created = await this.prisma.assignment.create({
      data: {
        classId: id,
        kind: body.kind,
        itemId: body.itemId,
        dueAt: body.dueAt ? new Date(body.dueAt) : null,
      },
    });
    return this.assignmentView(created, lang);
  }

  async unassign(me: SignedIn, id: string, assignmentId: string): Promise<void> {
    await this.owned(me, id);
    const { count } = await this.prisma.assignment.deleteMany({
      where: { id: assignmentId, classId: id },
    });
    if (!count) throw new NotFoundException(`No assignment ${assignmentId} in this class`);
  }

  /** Per assignment: completion, score bands, time to complete, who is at it now, the checks most failed. */
  async dashboard(me: SignedIn, id: string, lang: Language) {
    await this.owned(me, id);
    const [members, assignments] = await Promise.all([
      this.prisma.classMember.findMany({ where: { classId: id }, select: { accountId: true } }),
      this.prisma.assignment.findMany({ where: { classId: id }, orderBy: { createdAt: 'asc' } }),
    ]);
    const accountIds = members.map((m) => m.accountId);
    const stats = [];
    for (const assignment of assignments) {
      const view = this.assignmentView(assignment, lang);
      if (assignment.kind === 'lab') {
        const sessions = await this.prisma.labSession.findMany({
          where: { accountId: { in: accountIds }, labId: assignment.itemId, kind: 'lab' },
          include: { attempts: { orderBy: { createdAt: 'asc' } } },
        });
        stats.push(
          assignmentStats(view, accountIds, {
            kind: 'lab',
            sessions: sessions.map((s) => ({
              accountId: s.accountId,
              startedAt: s.startedAt,
              running: s.status === 'running',
              gradings: s.attempts
                .filter((a) => a.taskId === null)
                .map((a) => ({ at: a.createdAt, report: a.results as unknown as GradeReport })),
            })),
          }),
        );
      } else {
        const attempts = await this.prisma.examAttempt.findMany({
          where: { accountId: { in: accountIds }, examId: assignment.itemId },
        });
        stats.push(
          assignmentStats(view, accountIds, {
            kind: 'exam',
            attempts: attempts.map((a) => ({
              accountId: a.accountId,
              startedAt: a.startedAt,
              submittedAt: a.submittedAt,
              running: a.status === 'running',
              passed: a.passed,
              percent: a.maxScore ? ((a.score ?? 0) / a.maxScore) * 100 : null,
              report: (a.report as { grade?: GradeReport } | null)?.grade ?? null,
            })),
          }),
        );
      }
    }
    return { classId: id, assignments: stats };
  }

  /** One learner of the class: every grading of their labs and their exam attempts. */
  async learner(me: SignedIn, id: string, accountId: string): Promise<LearnerHistory> {
    await this.owned(me, id);
    const member = await this.prisma.classMember.findUnique({
      where: { classId_accountId: { classId: id, accountId } },
      include: { account: true },
    });
    if (!member) throw new NotFoundException(`No learner ${accountId} in this class`);
    const [attempts, exams, sessions, transcripts] = await Promise.all([
      this.prisma.attempt.findMany({
        where: { session: { accountId, kind: 'lab' } },
        include: { session: { select: { labId: true } } },
        orderBy: { createdAt: 'desc' },
        take: 500,
      }),
      this.prisma.examAttempt.findMany({ where: { accountId }, orderBy: { startedAt: 'desc' } }),
      this.prisma.labSession.findMany({
        where: { accountId },
        orderBy: { startedAt: 'desc' },
        take: 200,
      }),
      this.prisma.transcriptChunk.groupBy({
        by: ['sessionId'],
        where: { session: { accountId } },
        _sum: { size: true },
      }),
    ]);
    const transcriptBytes = new Map(transcripts.map((t) => [t.sessionId, t._sum.size ?? 0]));
    return {
      accountId,
      email: member.account.email,
      name: member.account.name,
      labAttempts: attempts.map((a) => ({
        labId: a.session.labId,
        sessionId: a.sessionId,
        taskId: a.taskId,
        score: a.score,
        maxScore: a.maxScore,
        at: a.createdAt.toISOString(),
      })),
      examAttempts: exams.map((e) => ({
        id: e.id,
        examId: e.examId,
        status: e.status,
        percent: e.maxScore ? Math.round(((e.score ?? 0) / e.maxScore) * 1000) / 10 : null,
        passed: e.passed,
        startedAt: e.startedAt.toISOString(),
      })),
      sessions: sessions.map((session) => ({
        id: session.id,
        kind: session.kind === 'exam' ? 'exam' : 'lab',
        labId: session.labId,
        status: session.status,
        startedAt: session.startedAt.toISOString(),
        endedAt: session.endedAt?.toISOString() ?? null,
        transcriptBytes: transcriptBytes.get(session.id) ?? 0,
      })),
    };
  }

  /**
   * One of a learner's sessions, as their terminal showed it: for the class's instructor and
   * admins; anyone else (another learner, another class's instructor) gets a 404, as for a
   * session that does not exist.
   */
  async transcript(
    me: SignedIn,
    id: string,
    accountId: string,
    sessionId: string,
  ): Promise<TranscriptView> {
    const notFound = new NotFoundException(`No session ${sessionId} of this learner`);
    const found = await this.prisma.classroom.findUnique({ where: { id } });
    if (!found || !this.teaches(me, found)) throw notFound;
    const [member, session] = await Promise.all([
      this.prisma.classMember.findUnique({
        where: { classId_accountId: { classId: id, accountId } },
      }),
      this.prisma.labSession.findUnique({ where: { id: sessionId } }),
    ]);
    if (!member || session?.accountId !== accountId) throw notFound;
    return this.transcripts.read(session);
  }

  // --- access ------------------------------------------------------------------------------

  private readonly counts = {
    owner: { select: { email: true, name: true } },
    _count: { select: { members: true, assignments: true } },
  } as const;

  private teaches(me: SignedIn, c: Classroom): boolean {
    return me.account.role === 'admin' || c.ownerId === me.account.id;
  }

  /** A class the account teaches or is in (others are a 404, as unknown ones). */
  private async visible(me: SignedIn, id: string): Promise<ClassWithCounts> {
    const found = await this.prisma.classroom.findUnique({ where: { id }, include: this.counts });
    if (!found) throw new NotFoundException(`No class ${id}`);
    if (this.teaches(me, found)) return found;
    const member = await this.prisma.classMember.findUnique({
      where: { classId_accountId: { classId: id, accountId: me.account.id } },
    });
    if (!member) throw new NotFoundException(`No class ${id}`);
    return found;
  }

  /** A class the account may change: its instructor's, or any for admins. */
  private async owned(me: SignedIn, id: string): Promise<ClassWithCounts> {
    const found = await this.visible(me, id);
    if (!this.teaches(me, found))
      throw new ForbiddenException("Only the class's instructor can do this");
    return found;
  }

  private summary(me: SignedIn, c: ClassWithCounts): ClassSummary {
    return {
      id: c.id,
      name: c.name,
      owner: c.owner.name || c.owner.email,
      inviteCode: this.teaches(me, c) ? c.inviteCode : null,
      members: c._count.members,
      assignments: c._count.assignments,
      createdAt: c.createdAt.toISOString(),
    };
  }

  private assignmentView(a: Assignment, lang: Language): AssignmentView {
    const item =
      a.kind === 'lab'
        ? this.catalog.findLab(a.itemId)?.lab
        : this.catalog.findExam(a.itemId)?.exam;
    return {
      id: a.id,
      kind: a.kind as AssignmentView['kind'],
      itemId: a.itemId,
      title: item ? say(item.title, lang) : a.itemId,
      dueAt: a.dueAt?.toISOString() ?? null,
    };
  }
}
