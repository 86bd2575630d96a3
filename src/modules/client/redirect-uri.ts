/** The IPv4 loopback block, 127.0.0.0/8, as text. */
const IPV4_LOOPBACK = String.raw`127\.\d{1,3}\.\d{1,3}\.\d{1,3}`;
const IPV4_LOOPBACK_HOST = new RegExp(`^${IPV4_LOOPBACK}$`);

/**
 * Hosts that never leave the machine: `localhost` and its subdomains (RFC 6761 §6.3), the
 * IPv4 loopback block and `[::1]` (as WHATWG URL spells the hostnames).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || IPV4_LOOPBACK_HOST.test(hostname);
}

/** `http://<loopback IP literal>[:port]<rest>`, read from the raw text (no normalisation). */
const LOOPBACK_IP_URI = new RegExp(String.raw`^http://(${IPV4_LOOPBACK}|\[::1\])(?::(\d{1,5}))?([/?][^#]*)?$`);

/**
 * Whether a requested redirect URI is one the client registered: the same text, character
 * for character (RFC 9700 §4.1.3) — with the one exception RFC 8252 §7.3 requires for
 * native apps: a loopback IP redirect (`http://127.0.0.1/cb`, `http://[::1]/cb`) may name
 * any port at request time, since the app listens on whichever port is free. Everything
 * but the port must still match exactly.
 */
export function isRegisteredRedirectUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  const asked = LOOPBACK_IP_URI.exec(requested);
  if (!asked || !validPort(asked[2])) return false;
  return registered.some((uri) => {
    const known = LOOPBACK_IP_URI.exec(uri);
    return known !== null && known[1] === asked[1] && (known[3] ?? '') === (asked[3] ?? '');
  });
}

function validPort(port: string | undefined): boolean {
  if (port === undefined) return true;
  const value = Number(port);
  return value >= 1 && value <= 65535 && String(value) === port;
}
