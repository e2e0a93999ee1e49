import { randomInt } from 'node:crypto';

// kube's generateName alphabet: no vowels and no look-alike digits, so generated names never spell words.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters as kube-apiserver appends them to generateName. */
export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** kube-apiserver's message for a name that is not a DNS-1123 subdomain, or undefined when valid. */
export function subdomainError(name: string): string | undefined {
  if (name.length > 253) return 'must be no more than 253 characters';
  if (DNS1123_SUBDOMAIN.test(name)) return undefined;
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

/** kube-apiserver's message for a name that is not a DNS-1123 label, or undefined when valid. */
export function labelNameError(name: string): string | undefined {
  if (name.length > 63) return 'must be no more than 63 characters';
  if (DNS1123_LABEL.test(name)) return undefined;
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

/** RFC 3339 at second precision, the way metav1.Time serialises. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
