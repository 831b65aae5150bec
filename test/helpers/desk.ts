/** `nianbao serve` as a child process, and requests to it over HTTP as an operator's browser makes them. */
import { FORM_FIELD } from '../../src/views/desk/security';
import { kill, spawnCli, waitFor, type CliOptions, type CliProcess } from './cli';

export interface Desk {
  server: CliProcess;
  /** http://127.0.0.1:PORT */
  base: string;
  get(path: string): Promise<{ status: number; body: string }>;
  /** A form POST with the form token of the page `form.back` names (an agency page); the redirect is not followed. */
  post(path: string, form: Record<string, string>): Promise<{ status: number; location: string | null; body: string }>;
  stop(): Promise<void>;
}

/** Starts `nianbao serve --port 0` with `args` (on loopback) and waits until it listens. */
export async function startDesk(args: string[], options: CliOptions = {}): Promise<Desk> {
  const server = spawnCli(['serve', '--port', '0', ...args], options);
  const base = await waitFor('the desk to listen', () => /(http:\/\/\S+):\d+\//.test(server.stdout) && /(http:\/\/\S+)\//.exec(server.stdout)![1], { timeoutMs: 30_000 }).catch((e: Error) => {
    throw new Error(`${e.message}: ${server.stderr}`);
  });
  let formToken = '';
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.text() };
  };
  return {
    server,
    base,
    get,
    async post(path, form) {
      if (!formToken) formToken = new RegExp(`name="${FORM_FIELD}" value="([0-9a-f]+)"`).exec((await get(form.back ?? '/')).body)?.[1] ?? '';
      if (!formToken) throw new Error(`no form on ${form.back ?? '/'}`);
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams({ [FORM_FIELD]: formToken, ...form }).toString(),
      });
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    },
    stop: () => kill(server.child, 'SIGTERM'),
  };
}
