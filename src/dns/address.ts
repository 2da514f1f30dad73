import { isIP } from 'node:net';

/** A DNS server address with its port, so tests and split setups can point at any port. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host`, `host:port`, `[v6]` or `[v6]:port`. `input` names the setting in the error.
 */
export function parseServerAddress(value: string, input: string, defaultPort = 53): ServerAddress {
  const text = value.trim();
  let host = text;
  let port = String(defaultPort);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    port = bracketed[2] ?? port;
  } else if (!isBareIpv6(text)) {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      port = text.slice(colon + 1);
    }
  }
  const portNumber = Number(port);
  if (host === '' || !/^\d+$/.test(port) || portNumber < 1 || portNumber > 65535) {
    throw new Error(
      `${input}: "${value}" is not a server address; expected host, host:port or [ipv6]:port, such as 127.0.0.1:5353`,
    );
  }
  return { host, port: portNumber };
}

/**
 * An IPv6 address without brackets (and so without a port). `host:port` has one colon, so only
 * text with two asks net.isIP, whose first IPv6 check compiles a large regular expression (a few
 * ms of every start).
 */
function isBareIpv6(text: string): boolean {
  return text.indexOf(':') !== text.lastIndexOf(':') && isIP(text) === 6;
}

export function formatServerAddress(address: ServerAddress): string {
  return isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
