// Argo's `authentication.oauth2` for the prometheus and web providers: the OAuth2 client-credentials
// grant (golang.org/x/oauth2/clientcredentials), fetched for every measurement as Argo builds a new
// client for every measurement. The token and the client secret never leave this file except as
// the Authorization header value.
import type { OAuth2Config } from '../../api/types.js';
import { redactSecrets, sendHttp, type HttpAnswer } from './http-call.js';

/** The Authorization header value to send, or why there is none. */
export type TokenResult = { ok: true; authorization: string } | { ok: false; message: string };

/** True when the metric asks for OAuth2 (Argo keys on `tokenUrl` alone). */
export function wantsOAuth2(config: OAuth2Config | undefined): config is OAuth2Config & { tokenUrl: string } {
  return config?.tokenUrl !== undefined && config.tokenUrl !== '';
}

/**
 * Fetches a token and returns the Authorization header value ("Bearer abc…"). As Go's AutoDetect
 * auth style, it first sends the client credentials as HTTP basic auth and, if the server refuses,
 * again as form parameters.
 */
export async function fetchOAuth2Token(
  config: OAuth2Config & { tokenUrl: string },
  call: { timeoutMs: number; insecure?: boolean; signal: AbortSignal },
): Promise<TokenResult> {
  const clientId = config.clientId ?? '';
  const clientSecret = config.clientSecret ?? '';
  if (clientId === '' || clientSecret === '') return { ok: false, message: 'missing mandatory parameter in metric for OAuth2 setup' };
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (config.scopes !== undefined && config.scopes.length > 0) form.set('scope', config.scopes.join(' '));
  const post = (body: URLSearchParams, headers: Record<string, string>): Promise<HttpAnswer> =>
    sendHttp({ ...call, method: 'POST', url: config.tokenUrl, body: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  // Go url-encodes both parts before joining them for basic auth (RFC 6749 §2.3.1).
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  let answer = await post(form, { Authorization: `Basic ${basic}` });
  if (answer.ok && (answer.status < 200 || answer.status > 299)) {
    const inParams = new URLSearchParams(form);
    inParams.set('client_id', clientId);
    inParams.set('client_secret', clientSecret);
    answer = await post(inParams, {});
  }
  return redactResult(tokenFrom(answer), [clientSecret, basic]);
}

function tokenFrom(answer: HttpAnswer): TokenResult {
  if (!answer.ok) return { ok: false, message: `oauth2: cannot fetch token: ${answer.message}` };
  if (answer.status < 200 || answer.status > 299) return { ok: false, message: `oauth2: cannot fetch token: ${answer.status} ${answer.body}` };
  const fields = parseTokenBody(answer.body);
  const token = fields.get('access_token') ?? '';
  if (token === '') return { ok: false, message: 'oauth2: server response missing access_token' };
  return { ok: true, authorization: `${tokenType(fields.get('token_type') ?? '')} ${token}` };
}

// Token endpoints answer JSON or, per the original spec, a form-encoded body; Go accepts both.
function parseTokenBody(body: string): Map<string, string> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object') return new Map();
    const entries = Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    return new Map(entries);
  } catch {
    return new Map(new URLSearchParams(body));
  }
}

// oauth2.Token.Type(): the standard types in their canonical case, "Bearer" when absent.
function tokenType(raw: string): string {
  const canonical: Readonly<Record<string, string>> = { '': 'Bearer', bearer: 'Bearer', mac: 'MAC', basic: 'Basic' };
  return canonical[raw.toLowerCase()] ?? raw;
}

function redactResult(result: TokenResult, secrets: string[]): TokenResult {
  return result.ok ? result : { ok: false, message: redactSecrets(result.message, secrets) };
}
