/**
 * The desk's guards, in the order a request meets them: the Host header must name this
 * machine as the operator reaches it (DNS rebinding), then the access token where one is set (a login link sets it as a
 * cookie), then, for a POST, the same-origin checks and the per-process form token. Every
 * response carries a Content-Security-Policy without inline scripts. Refusals are plain
 * 4xx pages that say why, in English for the log and Chinese for the operator.
 */
import crypto from 'node:crypto';
import os from 'node:os';
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

/** What this machine is reached by, besides loopback: its host name and its interfaces' addresses. */
export interface Machine {
  hostname: string;
  addresses: string[];
}

export const thisMachine = (): Machine => ({
  hostname: os.hostname(),
  addresses: Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.replace(/%.*$/, ''))),
});

export interface Guard {
  /** The address the server is bound to. */
  host: string;
  /** Names the operators reach it by that the machine does not know (--public-host NAME[:PORT]). */
  publicHosts: readonly string[];
  /** This machine's names and addresses, read at each request (an address may change under a running desk). */
  machine: () => Machine;
  /** The port, once known (0: any, as under app.request in tests). */
  port: () => number;
  /** When set, every request must carry it (cookie, Authorization: Bearer, or the login link). */
  token?: string;
  /** The per-process form token every POST form carries. */
  formToken: string;
}

/** "127.0.0.1:8080" → { name: "127.0.0.1", port: "8080" }; "[::1]:80" → { name: "[::1]", … }. */
function splitHost(value: string): { name: string; port: string | null } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value.trim().toLowerCase());
  return m ? { name: m[1], port: m[2] ?? null } : { name: '', port: null };
}

/** An address as a Host header gives it: an IPv6 literal in brackets. */
const asHostName = (address: string): string => {
  const name = address.toLowerCase();
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
};

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);
/** Bound to every address of the machine (0.0.0.0, ::). */
export const isWildcard = (host: string): boolean => WILDCARD.has(host.toLowerCase());

/**
 * The names a request may give in Host, each with the port it must give (null: the bound one).
 * Bound to loopback: any loopback name. Bound elsewhere (which needs a token): the bound
 * address and the machine's host name, and, bound to every address (0.0.0.0, ::), any
 * loopback name and every interface's address too. Then the --public-host names (one given
 * with a port: at that port, or with none, as a browser writes a scheme's own port behind a
 * proxy). An IP literal of this machine or a name the operator configured is one an
 * attacker's DNS cannot point a page at, which is what keeps DNS rebinding out.
 */
function allowedHosts(guard: Pick<Guard, 'host' | 'publicHosts' | 'machine'>): Array<{ name: string; port: string | null }> {
  const bound = guard.host.toLowerCase();
  const names = [asHostName(bound)];
  if (!isLoopback(bound)) {
    const machine = guard.machine();
    names.push(machine.hostname.toLowerCase());
    if (isWildcard(bound)) names.push(...machine.addresses.map(asHostName));
  }
  return [...names.filter(Boolean).map((name) => ({ name, port: null })), ...guard.publicHosts.map(splitHost)];
}

/** Whether a request's Host names this machine as allowedHosts says, at the bound port. */
export function hostAllowed(guard: Guard, header: string | undefined): boolean {
  if (!header) return false;
  const { name, port } = splitHost(header);
  const expected = guard.port();
  const portOk = (wanted: string | null) =>
    wanted !== null ? port === null || port === wanted : expected === 0 || (port === null ? expected === 80 : Number(port) === expected);
  const bound = guard.host.toLowerCase();
  if ((isLoopback(bound) || isWildcard(bound)) && isLoopback(name)) return portOk(null);
  return allowedHosts(guard).some((allowed) => allowed.name === name && portOk(allowed.port));
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
