// k8s.io/apimachinery/pkg/util/validation as the schema and CRD checks use it: each check returns
// all of its messages, in apimachinery's words.

function regexError(msg: string, format: string, examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

const DNS1035_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;

/** apimachinery's IsDNS1035Label: every message, empty when valid. */
export function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${DNS1035_FORMAT}$`).test(value)) {
    const msg =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    errs.push(regexError(msg, DNS1035_FORMAT, ['my-name', 'abc-123']));
  }
  return errs;
}

/** apimachinery's IsDNS1123Subdomain: every message, empty when valid. */
export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value) > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`).test(value)) {
    const msg =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, DNS1123_SUBDOMAIN_FORMAT, ['example.com']));
  }
  return errs;
}
