/**
 * What every web UI page module shares (issue 14 folded the copies of api/ui/plugin.ts and office.ts):
 * the reader's language (?lang= sets the cookie), the page context, sending a page, the sign-in guard,
 * and the one error page handler — AppError by its kind (a database refusing writes mapped to the coded
 * 503 page as in the API), an expired form (CSRF), other client errors, else a logged internal error.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storageError } from '../../app';
import type { SignedIn } from '../../app/sessions';
import { AppError } from '../../domain/errors';
import { httpStatus } from '../http-errors';
import { L, txt, type Lang } from './format';
import { html } from './html';
import { page, type PageContext } from './layout';

export const LANG_COOKIE = 'ntm_lang';

export function langOf(req: FastifyRequest, reply?: FastifyReply): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'vi') {
    if (reply) void reply.setCookie(LANG_COOKIE, q, { path: '/', sameSite: 'lax' });
    return q;
  }
  return req.cookies[LANG_COOKIE] === 'en' ? 'en' : 'vi';
}

export interface UiContext {
  ctxOf(req: FastifyRequest, reply: FastifyReply): PageContext;
  send(reply: FastifyReply, body: string, status?: number): FastifyReply;
  /** The signed-in person, or a redirect to the sign-in page (returns undefined then). */
  signedIn(req: FastifyRequest, reply: FastifyReply): SignedIn | undefined;
}

export function uiContext(clock: () => Date): UiContext {
  return {
    ctxOf: (req, reply) => ({ lang: langOf(req, reply), user: req.signedIn, url: req.url, csrf: reply.generateCsrf(), now: clock(), reports: true }),
    send: (reply, body, status = 200) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body),
    signedIn(req, reply) {
      if (req.signedIn) return req.signedIn;
      void reply.redirect(`/ui/sign-in?next=${encodeURIComponent(req.url)}`);
      return undefined;
    },
  };
}

/** The UI's error pages, on a plugin scope with CSRF registered. */
export function setUiErrorHandler(app: FastifyInstance, clock: () => Date, { send }: Pick<UiContext, 'send'>): void {
  app.setErrorHandler((thrown: unknown, req, reply) => {
    // A database that refuses writes (read-only, full) is a coded 503 page too, as in the API.
    const error: unknown = storageError(thrown) ?? thrown;
    const ctx: PageContext = { lang: langOf(req), user: req.signedIn, url: req.url, now: clock(), reports: true };
    try {
      ctx.csrf = reply.generateCsrf();
    } catch {
      /* rendering without a token is fine for an error page */
    }
    if (error instanceof AppError) {
      if (error.kind === 'unauthenticated') return reply.redirect(`/ui/sign-in?next=${encodeURIComponent(req.url)}`);
      if (httpStatus(error.kind) >= 500) req.log.error(error);
      return send(
        reply,
        page(
          ctx,
          L('Không thực hiện được', 'Not possible'),
          html`<div class="flash error" role="alert"><p>${error.messageVi}</p><p class="gloss" lang="en">${error.messageEn}</p><p><small>${error.code}</small></p></div><p><a href="/ui/">${txt(ctx.lang, L('Về bảng theo dõi', 'Back to the dashboard'))}</a></p>`,
        ),
        httpStatus(error.kind),
      );
    }
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 403 && e.code?.startsWith('FST_CSRF')) {
      return send(
        reply,
        page(
          ctx,
          L('Phiên biểu mẫu đã hết hạn', 'The form has expired'),
          html`<div class="flash error" role="alert">${txt(ctx.lang, L('Mã bảo vệ biểu mẫu (CSRF) thiếu hoặc không đúng. Hãy tải lại trang và gửi lại.', 'The form protection (CSRF) token is missing or wrong. Reload the page and send it again.'))}</div>`,
        ),
        403,
      );
    }
    if (e.statusCode && e.statusCode < 500) {
      return send(
        reply,
        page(ctx, L('Yêu cầu không hợp lệ', 'Bad request'), html`<div class="flash error" role="alert">${e.message ?? ''}</div>`),
        e.statusCode,
      );
    }
    req.log.error(error);
    return send(
      reply,
      page(
        ctx,
        L('Lỗi hệ thống', 'Internal error'),
        html`<div class="flash error" role="alert">${txt(ctx.lang, L('Lỗi hệ thống, đã ghi nhật ký', 'Internal error, logged'))}</div>`,
      ),
      500,
    );
  });
}
