/**
 * The desk's guards, in the order a request meets them: the Host header must name the bound
 * host (DNS rebinding), then the access token where one is set (a login link sets it as a
 * cookie), then, for a POST, the same-origin checks and the per-process form token. Every
 * response carries a Content-Security-Policy without inline scripts. Refusals are plain
 * 4xx pages that say why, in English for the log and Chinese for the operator.
 */
import crypto from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const TOKEN_COOKIE = 'nianbao_token';
export const FORM_FIELD = '_form';

/** No scripts at all; styles only from /desk.css; forms post only here; never framed. */
export const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b) && given.length === expected.length;
}

export interface Guard {
  /** The host the server is bound to (its name as requests must give it). */
  host: string;
  /** The port, once known (0: any, as under app.request in tests). */
  port: () => number;
  /** When set, every request must carry it (cookie, Authorization: Bearer, or the login link). */
  token?: string;
  /** The per-process token every POST form carries. */
  formToken: string;
}

/** "127.0.0.1:8080" → { name: "127.0.0.1", port: "8080" }; "[::1]:80" → { name: "[::1]", … }. */
function splitHost(value: string): { name: string; port: string | null } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value.trim().toLowerCase());
  return m ? { name: m[1], port: m[2] ?? null } : { name: '', port: null };
}

/** The names a request may give in Host: the bound one, and every loopback name when bound to loopback. */
export function hostAllowed(guard: Guard, header: string | undefined): boolean {
  if (!header) return false;
  const { name, port } = splitHost(header);
  const bound = guard.host.toLowerCase();
  const nameOk = name === bound || name === `[${bound}]` || (isLoopback(bound) && isLoopback(name));
  const expected = guard.port();
  const portOk = expected === 0 || (port === null ? expected === 80 : Number(port) === expected);
  return nameOk && portOk;
}

const refuse = (c: Context, status: 400 | 401 | 403, why: string, text: string) => {
  c.header('Content-Security-Policy', CSP);
  c.header('Cache-Control', 'no-store');
  return c.text(`${text}\n(${why})\n`, status);
};

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    // same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with a form's POST.
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}

export function hostCheck(guard: Guard): MiddlewareHandler {
  return async (c, next) => {
    if (!hostAllowed(guard, c.req.header('host'))) return refuse(c, 403, 'host not allowed', '拒绝访问：请求的主机名不是本站绑定的地址。');
    await next();
  };
}

/**
 * With a token: `/login?token=T` sets it as an HttpOnly, SameSite=Strict cookie and goes to
 * the overview; any other request without it is refused.
 */
export function tokenCheck(guard: Guard): MiddlewareHandler {
  return async (c, next) => {
    const token = guard.token;
    if (!token) return next();
    if (c.req.path === '/login') {
      if (!sameSecret(c.req.query('token'), token)) return refuse(c, 401, 'bad token', '登录链接无效。');
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.redirect('/', 303);
    }
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!sameSecret(getCookie(c, TOKEN_COOKIE) ?? bearer, token)) return refuse(c, 401, 'token required', '需要访问令牌：请使用启动时显示的登录链接。');
    await next();
  };
}

/**
 * A POST must come from this site (Sec-Fetch-Site same-origin or none, an Origin naming the
 * Host where a browser sends one) and carry the form token.
 */
export function postCheck(guard: Guard): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(c, 403, 'cross-site request', '拒绝跨站提交。');
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null') {
      let host = '';
      try {
        host = new URL(origin).host;
      } catch {
        /* refused below */
      }
      if (host.toLowerCase() !== (c.req.header('host') ?? '').toLowerCase()) return refuse(c, 403, 'origin mismatch', '拒绝跨站提交。');
    } else if (origin === 'null' && site !== 'same-origin') return refuse(c, 403, 'opaque origin', '拒绝跨站提交。');
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return refuse(c, 400, 'not a form', '请求格式不正确。');
    const form = await c.req.parseBody();
    const given = form[FORM_FIELD];
    if (!sameSecret(typeof given === 'string' ? given : undefined, guard.formToken)) return refuse(c, 403, 'form token missing or wrong', '表单已失效：请刷新页面后重新提交。');
    await next();
  };
}
