// --auth-token-file: a request is let in with `Authorization: Bearer <token>` or with the session
// cookie the login page sets. Comparisons are constant-time; the cookie carries an HMAC of the token,
// never the token itself.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'rollouts_dashboard_session';

function sameSecret(a: string, b: string): boolean {
  // Hashing both sides first makes the comparison constant-time whatever the lengths.
  const ha = createHmac('sha256', 'compare').update(a).digest();
  const hb = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The cookie value for a token: HMAC-SHA256(token, "dashboard-session"), hex. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('dashboard-session').digest('hex');
}

/** Whether the token the user typed or sent is the configured one. */
export function tokenMatches(expected: string, given: string): boolean {
  return sameSecret(expected, given);
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** True when no token is configured, or the request carries the bearer token or the session cookie. */
export function isAuthorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return tokenMatches(token, header.slice('Bearer '.length).trim());
  const cookie = cookieOf(req, SESSION_COOKIE);
  return cookie !== undefined && sameSecret(sessionValue(token), cookie);
}

/** The Set-Cookie header of a signed-in session: HttpOnly, SameSite=Strict, whole site. */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
