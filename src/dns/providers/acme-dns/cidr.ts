import { BlockList, isIP } from 'node:net';

/** A network in CIDR notation, as acme-dns's `allowfrom` lists hold them. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * `192.168.100.1/24` or `2002:c0a8:2a00::0/40` (brackets around an IPv6 address are dropped,
 * as acme-dns does), or undefined when it is not one: a prefix is required, host bits may be set.
 */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim().replace(/[[\]]/g, ''));
  if (!match) return undefined;
  const address = match[1] as string;
  const prefix = Number(match[2]);
  const version = isIP(address);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether `address` lies in any of `networks`. */
export function inNetworks(address: string, networks: readonly Cidr[]): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  const list = new BlockList();
  for (const network of networks) list.addSubnet(network.address, network.prefix, network.family);
  return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
}
