import type { Agent as HttpAgent } from 'node:http';
import type { AgentOptions } from 'node:https';
import { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { TwilioRequestError } from './errors.js';

/** The proxy variables every container of a company's Airbyte gets: `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`. */
export interface ProxySettings {
  readonly httpsProxy?: string;
  readonly httpProxy?: string;
  readonly noProxy?: string;
}

/** The settings of an environment; the lower-case names, as curl reads them, win over the upper-case ones. */
export function proxySettingsOf(environment: Readonly<Record<string, string | undefined>>): ProxySettings {
  const read = (name: string) => nonEmpty(environment[name.toLowerCase()]) ?? nonEmpty(environment[name]);
  const settings: { httpsProxy?: string; httpProxy?: string; noProxy?: string } = {};
  const httpsProxy = read('HTTPS_PROXY');
  const httpProxy = read('HTTP_PROXY');
  const noProxy = read('NO_PROXY');
  if (httpsProxy !== undefined) settings.httpsProxy = httpsProxy;
  if (httpProxy !== undefined) settings.httpProxy = httpProxy;
  if (noProxy !== undefined) settings.noProxy = noProxy;
  return settings;
}

/** The proxy's password and the forms it travels in (`Proxy-Authorization: Basic …`): secrets like the credentials. */
export function proxySecrets(settings: ProxySettings): string[] {
  return [settings.httpsProxy, settings.httpProxy].flatMap((text) => {
    const url = text === undefined ? undefined : parseUrl(text);
    if (url === undefined || url.password === '') return [];
    const password = decodeURIComponent(url.password);
    const encoded = Buffer.from(`${decodeURIComponent(url.username)}:${password}`).toString('base64');
    return [password, url.password, encoded];
  });
}

/** The agent for the requests to one origin: through the proxy its scheme calls for, unless NO_PROXY or loopback. */
export function agentFor(origin: URL, settings: ProxySettings, options: AgentOptions, direct: HttpAgent | HttpsAgent): HttpAgent | HttpsAgent {
  const variable = origin.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const proxy = origin.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (proxy === undefined || isLoopback(origin.hostname) || bypasses(origin, settings.noProxy)) return direct;
  const url = parseUrl(proxy);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TwilioRequestError(`The environment variable ${variable} must be a proxy's http:// or https:// URL.`);
  }
  return origin.protocol === 'https:' ? new HttpsProxyAgent({ ...options, proxy: url }) : new HttpProxyAgent({ ...options, proxy: url });
}

/** NO_PROXY: host names (a leading `.` or `*.` optional, each matching its subdomains too), with an optional port, or `*`. */
function bypasses(origin: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = origin.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = origin.port || (origin.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const [, name = '', entryPort] = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\*?\./, '').replace(/^\[|\]$/g, '')) ?? [];
      if (entryPort !== undefined && entryPort !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

const LOOPBACK = new Set(['localhost', '::1']);

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return LOOPBACK.has(host) || host.startsWith('127.') || host.endsWith('.localhost');
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
