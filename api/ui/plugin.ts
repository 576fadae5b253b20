/**
 * The web UI: server-rendered pages in Vietnamese (English with ?lang=en), on the same Fastify app as
 * the JSON API and through the same DossierService (which authorises every read and action). Forms are
 * parsed with the API's CommandSchema; a refusal comes back on the page, next to the field, in both
 * languages. Cookie session (ntm_session) + CSRF token on every form post. No JavaScript needed.
 *
 *   GET  /ui/sign-in, POST /ui/sign-in, POST /ui/sign-out
 *   GET  /ui/                       dashboard of the office (filters, urgency, pagination)
 *   GET  /ui/inbox                  my tasks and reminders, most urgent first
 *   GET  /ui/units?code=…           a unit in time: predecessors, successors, recognitions, marks
 *   GET  /ui/dossiers/:id           the dossier page; POST /ui/dossiers/:id/actions acts on it
 *   GET  /ui/dossiers/:id/audit     the audit trail
 *   GET  /ui/reports/matrix         the criteria matrix as officials print it, with its charts and downloads
 *   GET  /ui/assets/*               stylesheet
 */
import csrf from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { isWithinUnit } from '../../domain/access';
import { dossierReviewClock, endOfDay, localDateOf, vietnamHolidayCalendar, type LocalDate } from '../../domain/calendar';
import { getCriteriaSet } from '../../domain/criteria';
import { stageDone, type DossierState } from '../../domain/dossier';
import { TitleIdSchema } from '../../domain/titles';
import { storageError, type Application } from '../../app';
import type { SignedIn } from '../../app/sessions';
import { AppError } from '../../domain/errors';
import type { PlanForecast } from '../../domain/forecast';
import { SESSION_COOKIE, tokenOf } from '../auth';
import { httpStatus } from '../http-errors';
import { formToCommand, offeredActions, type FieldError, type FormBody } from './actions';
import { actionLabel, departmentLabel, dossierPath, L, roleLabel, titleLabel, txt, type Bilingual, type Lang } from './format';
import { html } from './html';
import { page, type Flash, type PageContext } from './layout';
import { forecastSection } from './obligations';
import { asOfQuery, dossierBody, type DossierView } from './pages/dossier';
import { auditBody, dashboardBody, inboxBody, PAGE_SIZE, signInBody, type DashboardQuery } from './pages/lists';
import { loadMatrixView, MATRIX_PATH, matrixBody } from './pages/reports';
import { nextActionsPanel } from './pages/next';
import { unitBody } from './pages/unit';
import { setUiErrorHandler, uiContext } from './context';

const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/ui(\/|$)/.test(next) && !next.startsWith('//') ? next : '/ui/');

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export const uiPlugin: FastifyPluginAsync<{ app: Application }> = async (root, { app: application }) => {
  const { dossiers: service, readModels, identity, clock } = application;
  {
    root.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/ui/'));

    await root.register(async (app) => {
      await app.register(csrf, {
        sessionPlugin: '@fastify/cookie',
        cookieOpts: { path: '/ui', sameSite: 'strict', httpOnly: true },
        getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf,
      });
      await app.register(fastifyStatic, { root: join(__dirname, 'assets'), prefix: '/ui/assets/', decorateReply: false });

      const { ctxOf, send, signedIn } = uiContext(clock);
      setUiErrorHandler(app, clock, { send });

      // ---------------------------------------------------------------- sign in / out
      app.get('/ui/sign-in', { schema: { hide: true } }, async (req, reply) => {
        const ctx = ctxOf(req, reply);
        const next = safeNext((req.query as Record<string, unknown>).next);
        if (req.signedIn) return reply.redirect(next);
        return send(reply, page(ctx, L('Đăng nhập', 'Sign in'), signInBody(ctx, { next })));
      });

      app.post('/ui/sign-in', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const next = safeNext(body.next);
        const username = str(body.username) ?? '';
        const password = typeof body.password === 'string' ? body.password : '';
        try {
          if (!username || !password)
            throw new AppError({ code: 'INPUT.INVALID', messageVi: 'Nhập tên đăng nhập và mật khẩu', messageEn: 'Enter your username and password' });
          const s = await identity.login(username, password, { ip: req.ip });
          void reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', expires: s.expiresAt });
          return reply.redirect(next, 303);
        } catch (e) {
          // A refusal of the person is shown on the form; an outage goes to the error page (503).
          if (!(e instanceof AppError) || !['unauthenticated', 'invalid', 'too_many', 'forbidden'].includes(e.kind)) throw e;
          const ctx = ctxOf(req, reply);
          const error = { vi: e.messageVi, en: e.messageEn };
          return send(reply, page(ctx, L('Đăng nhập', 'Sign in'), signInBody(ctx, { next, username, error })), e.kind === 'invalid' ? 400 : httpStatus(e.kind));
        }
      });

      app.post('/ui/sign-out', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
        const token = tokenOf(req);
        if (token) await identity.logout(token);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.redirect('/ui/sign-in', 303);
      });

      // ---------------------------------------------------------------- dashboard
      /** The plan year's forecast for the filtered unit or the person's office; none for one who may not read reports there. */
      const officeForecast = async (user: SignedIn, unit: string | undefined, year: number | undefined): Promise<PlanForecast[] | undefined> => {
        const office = unit ?? user.principal.grants[0]?.unitCode;
        if (!office) return undefined;
        try {
          return await application.obligations.forecast(user.principal, office, year);
        } catch (e) {
          if (e instanceof AppError && e.kind === 'forbidden') return undefined;
          throw e;
        }
      };
      app.get('/ui/', { schema: { hide: true } }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const ctx = ctxOf(req, reply);
        const raw = req.query as Record<string, unknown>;
        const year = Number(str(raw.planYear));
        const title = TitleIdSchema.safeParse(str(raw.title));
        const q: DashboardQuery = {
          district: str(raw.district),
          unit: str(raw.unit),
          title: title.success ? title.data : undefined,
          planYear: Number.isInteger(year) && year > 2000 ? year : undefined,
          stage: str(raw.stage),
          late: raw.late === 'true',
          page: Math.max(1, Number.parseInt(str(raw.page) ?? '1', 10) || 1),
        };
        // The unfiltered scope gives the filter options; the filtered one the tiles and the table.
        const scope = await readModels.allInScope(user.principal, {});
        const unitFilter = q.unit && (!q.district || isWithinUnit(q.unit, q.district)) ? q.unit : q.district;
        const filtered = Boolean(unitFilter || q.title || q.planYear || q.stage || q.late);
        const all = (
          filtered
            ? await readModels.allInScope(user.principal, {
                unitPrefix: unitFilter,
                title: q.title,
                planYear: q.planYear,
                stage: q.stage,
                ...(q.late ? { late: true } : {}),
              })
            : [...scope]
        ) // no filter: the same rows, not read twice
          .sort(byUrgency(clock()));
        const shown = all.slice((q.page - 1) * PAGE_SIZE, q.page * PAGE_SIZE);
        const districtOf = (code: string) => code.split('/').slice(0, 2).join('/');
        const parentOf = (code: string) => code.split('/').slice(0, -1).join('/');
        const codes = [
          ...scope.map((i) => i.unitCode),
          ...scope.map((i) => districtOf(i.unitCode)),
          ...scope.map((i) => parentOf(i.unitCode)),
          ...all.flatMap((i) => i.awaiting.map((a) => a.unitCode)),
        ];
        const units = await readModels.unitNames(codes);
        // The district filter lists districts only: a two-tier province has none (its communes are not districts).
        const levels = await readModels.unitLevels(scope.map((i) => districtOf(i.unitCode)));
        const districts = [...new Set(scope.map((i) => districtOf(i.unitCode)))]
          .filter((code) => levels.get(code) === 'district')
          .sort()
          .map((code) => ({ code, name: units.get(code) ?? code }));
        const communes = [...new Set(scope.filter((i) => !q.district || isWithinUnit(i.unitCode, q.district)).map((i) => i.unitCode))]
          .sort()
          .map((code) => ({ code, name: units.get(code) ?? code }));
        const years = [...new Set(scope.map((i) => i.planYear))].sort((a, b) => b - a);
        // Issue 16: will the office's registered units meet the plan (the forecast, from the app layer).
        const forecast = await officeForecast(user, q.unit ?? q.district, q.planYear);
        const next = await readModels.nextActions(user.principal, clock(), scope);
        return send(
          reply,
          page(
            ctx,
            L('Bảng theo dõi hồ sơ', 'Dossier dashboard'),
            html`${nextActionsPanel(ctx, next)}${dashboardBody(ctx, q, all, shown, units, districts, communes, years)}${forecast ? forecastSection(ctx.lang, forecast) : ''}`,
          ),
        );
      });

      // ---------------------------------------------------------------- inbox
      app.get('/ui/inbox', { schema: { hide: true } }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const ctx = ctxOf(req, reply);
        const now = clock();
        const pageNo = Math.max(1, Number.parseInt(str((req.query as Record<string, unknown>).page) ?? '1', 10) || 1);
        const scope = await readModels.allInScope(user.principal, {});
        const tasks = scope
          .map((item) => ({ item, offered: offeredActions(user.principal, item.state, now).filter((o) => !o.blocked) }))
          .filter((t) => t.offered.length > 0)
          .sort((a, b) => byUrgency(now)(a.item, b.item));
        const inbox = await readModels.inbox(user.principal, user.username, pageNo, 50);
        const reminders = [...inbox.items].sort(reminderUrgency(now));
        const next = await readModels.nextActions(user.principal, now, scope);
        return send(
          reply,
          page(
            ctx,
            L('Việc của tôi', 'My inbox'),
            html`${nextActionsPanel(ctx, next)}${inboxBody(ctx, tasks, reminders, { page: pageNo, total: inbox.total, pageSize: 50 })}`,
          ),
        );
      });

      // ---------------------------------------------------------------- a unit in time (issue 12)
      app.get('/ui/units', { schema: { hide: true } }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const ctx = ctxOf(req, reply);
        const code = str((req.query as Record<string, unknown>).code) ?? '';
        const view = await readModels.unitHistory(code);
        return send(reply, page(ctx, L(`Đơn vị ${view.unit.name}`, `Unit ${view.unit.name}`), unitBody(ctx, view)));
      });

      // ---------------------------------------------------------------- dossier
      async function dossierView(user: SignedIn, id: string, failed?: DossierView['failed'], asOf?: LocalDate): Promise<DossierView> {
        // Issue 13: as of a past day, the dossier rebuilt from its recorded events, what was known by then, no actions.
        const past = asOf ? await service.detailAsOf(user.principal, id, asOf) : undefined;
        const now = past ? new Date(past.until) : clock();
        const { status, state } = past ?? (await service.detail(user.principal, id));
        const set = getCriteriaSet(status.criteriaSetId);
        if (!set.ok) throw new AppError(set.error);
        const until = now.getTime();
        const [allTimeline, allReminders, deadlines, limits] = await Promise.all([
          service.timeline(user.principal, id),
          readModels.reminders(id),
          readModels.deadlines(status.unitCode, status.title, status.planYear),
          readModels.reviewLimits(status.unitCode, status.planYear),
        ]);
        const timeline = past ? allTimeline.filter((t) => Date.parse(t.at) <= until) : allTimeline;
        const reminders = past ? allReminders.filter((r) => r.createdAt.getTime() <= until) : allReminders;
        const reviewClock = dossierReviewClock(status.clock, status.title, limits, localDateOf(now.getTime()), vietnamHolidayCalendar);
        const actorIds = [...timeline.map((t) => t.actorId), ...Object.values(state.context.selfAssessment).map((s) => s.by)];
        const [units, people] = await Promise.all([
          readModels.unitNames([
            status.unitCode,
            status.levelUnitCode,
            ...state.context.input.levels.map((l) => l.unitCode),
            ...status.awaiting.map((a) => a.unitCode),
          ]),
          readModels.peopleNames(actorIds),
        ]);
        const recipients = await recipientNames(reminders.map((r) => r.recipient));
        return {
          status,
          state,
          set: set.value,
          recipients,
          timeline,
          reminders,
          deadlines,
          doneStages: new Set(deadlines.filter((d) => stageDone(d.stage as Parameters<typeof stageDone>[0], state as DossierState)).map((d) => d.stage)),
          offered: past ? [] : offeredActions(user.principal, state, now),
          ...(reviewClock.ok && reviewClock.value ? { reviewClock: reviewClock.value } : {}),
          units,
          people,
          ...(failed ? { failed } : {}),
          ...(past ? { asOf: past.asOf } : {}),
        };
      }

      /** Reminder recipients in words: a person by their name, a role at a unit as "Văn phòng điều phối NTM tỉnh · Điện Biên". */
      async function recipientNames(recipients: readonly string[]): Promise<Map<string, Bilingual>> {
        const shared = recipients.map((r) => /^([a-z_]+)@([^#]+)(?:#(.+))?$/.exec(r));
        const [people, units] = await Promise.all([
          readModels.namesByUsername(recipients.filter((_, i) => !shared[i])),
          readModels.unitNames(shared.flatMap((m) => (m ? [m[2]!] : []))),
        ]);
        const out = new Map<string, Bilingual>();
        recipients.forEach((r, i) => {
          const m = shared[i];
          if (!m) {
            const n = people.get(r);
            if (n) out.set(r, L(n, n));
            return;
          }
          const role = roleLabel(m[1]!);
          const dept = m[3] ? departmentLabel(m[3]) : undefined;
          const unit = units.get(m[2]!) ?? m[2]!;
          out.set(r, L(`${role.vi}${dept ? ` (${dept.vi})` : ''} · ${unit}`, `${role.en}${dept ? ` (${dept.en})` : ''} · ${unit}`));
        });
        return out;
      }

      const flashFor = (done: unknown): Flash | undefined => {
        if (typeof done !== 'string' || done === '') return undefined;
        const a = actionLabel(done);
        return { kind: 'ok', message: L(`Đã ghi nhận: ${a.vi.toLowerCase()}`, `Done: ${a.en.toLowerCase()}`) };
      };

      app.get('/ui/dossiers/:id', { schema: { hide: true } }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const ctx = ctxOf(req, reply);
        const { id } = req.params as { id: string };
        const asOf = asOfQuery((req.query as Record<string, unknown>).asOf);
        const v = await dossierView(user, id, undefined, asOf);
        if (asOf) ctx.now = new Date(endOfDay(asOf));
        return send(
          reply,
          page(
            ctx,
            L(`Hồ sơ ${v.units.get(v.status.unitCode) ?? v.status.unitCode}`, `Dossier ${v.units.get(v.status.unitCode) ?? v.status.unitCode}`),
            dossierBody(ctx, v),
            flashFor((req.query as Record<string, unknown>).done),
          ),
        );
      });

      app.post('/ui/dossiers/:id/actions', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const { id } = req.params as { id: string };
        const body = (req.body ?? {}) as FormBody;
        const type = typeof body.type === 'string' ? body.type : '';
        const parsed = formToCommand(type, body);
        let errors: FieldError[];
        let status = 400;
        if (parsed.ok) {
          try {
            await service.act(user.principal, id, parsed.command, parsed.requestId);
            return reply.redirect(`${dossierPath(id)}?done=${encodeURIComponent(type)}#actions`, 303);
          } catch (e) {
            if (!(e instanceof AppError) || httpStatus(e.kind) >= 500) throw e;
            status = httpStatus(e.kind);
            errors = [{ field: fieldForPath(e.path), vi: `${e.messageVi}`, en: `${e.messageEn} (${e.code})` }];
          }
        } else {
          errors = parsed.errors;
        }
        const ctx = ctxOf(req, reply);
        const v = await dossierView(user, id, { type, errors, values: body });
        const flash: Flash = { kind: 'error', message: L('Chưa ghi nhận được, xem lỗi ở biểu mẫu bên dưới', 'Not recorded: see the errors in the form below') };
        return send(
          reply,
          page(
            ctx,
            L(`Hồ sơ ${v.units.get(v.status.unitCode) ?? v.status.unitCode}`, `Dossier ${v.units.get(v.status.unitCode) ?? v.status.unitCode}`),
            dossierBody(ctx, v),
            flash,
          ),
          status,
        );
      });

      // ---------------------------------------------------------------- reports
      app.get(MATRIX_PATH, { schema: { hide: true } }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const ctx = ctxOf(req, reply);
        const { view, status } = await loadMatrixView(application, user.principal, clock(), req.query as Record<string, unknown>);
        return send(reply, page(ctx, L('Ma trận tiêu chí', 'Criteria matrix'), matrixBody(ctx, view)), status);
      });

      app.get('/ui/dossiers/:id/audit', { schema: { hide: true } }, async (req, reply) => {
        const user = signedIn(req, reply);
        if (!user) return reply;
        const ctx = ctxOf(req, reply);
        const { id } = req.params as { id: string };
        const trail = await application.audit.dossierTrail(user.principal, id);
        // The dossier by its unit, title and year ("Quài Cang · Xã đạt chuẩn nông thôn mới 2024"), from its id.
        const [titleId = '', unitCode = '', year = ''] = id.split(':');
        const unitName = (await readModels.unitNames([unitCode])).get(unitCode) ?? unitCode;
        const label = `${unitName} · ${txt(ctx.lang, titleLabel(titleId))} ${year}`;
        return send(reply, page(ctx, L('Nhật ký kiểm toán hồ sơ', 'Dossier audit trail'), auditBody(ctx, id, trail, label)));
      });
    });
  }
};

/** A refusal's path ('criterion', 'members', 'number'…) → the form field showing it ('' = the whole form). */
function fieldForPath(path: string | undefined): string {
  if (!path) return '';
  return path.split('.')[0] ?? '';
}

type Urgent = { late: boolean; next?: { due: string }; updatedAt: string };
/** Late first, then by the next deadline (soonest first), then those without one, newest activity first. */
export function byUrgency(_now: Date) {
  return (a: Urgent, b: Urgent): number => {
    if (a.late !== b.late) return a.late ? -1 : 1;
    if (a.next && b.next) return a.next.due < b.next.due ? -1 : a.next.due > b.next.due ? 1 : 0;
    if (a.next || b.next) return a.next ? -1 : 1;
    return a.updatedAt > b.updatedAt ? -1 : 1;
  };
}

/** Reminders: overdue and soonest due first; those without a due date last, newest first. */
export function reminderUrgency(_now: Date) {
  return (a: { dueAt: string | null; createdAt: string }, b: { dueAt: string | null; createdAt: string }): number => {
    if (a.dueAt && b.dueAt) return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0;
    if (a.dueAt || b.dueAt) return a.dueAt ? -1 : 1;
    return a.createdAt > b.createdAt ? -1 : 1;
  };
}
