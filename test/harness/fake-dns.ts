/**
 * A tiny DNS server on 127.0.0.1 (UDP and TCP on one port) whose answers a test writes: a
 * hostile zone operator, a spoofer, a server that truncates. Only for tests.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { ServerAddress } from '../../src/dns/address.js';

export interface FakeQuestion {
  readonly name: string;
  readonly type: string;
}

/** What a handler sends back: one reply (or none) and, for UDP, extra datagrams sent first. */
export interface FakeAnswer {
  readonly answers?: dnsPacket.Answer[];
  readonly authorities?: dnsPacket.Answer[];
  readonly rcode?: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  readonly truncated?: boolean;
}

export interface FakeDnsServer {
  readonly address: ServerAddress;
  /** Every question asked, `NAME TYPE` (over UDP) or `tcp NAME TYPE`. */
  readonly asked: string[];
  close(): Promise<void>;
}

export interface FakeDnsOptions {
  /** Over UDP: before the real reply, send these raw datagrams (from `socket`) to the asker. */
  readonly spoof?: (query: dnsPacket.Packet, send: (message: Buffer, from: 'same' | 'other') => void) => void;
  /** How long the real UDP reply waits after the spoofed ones. */
  readonly replyDelayMs?: number;
}

/** A reply to `query` as dns-packet encodes it: the query's ID and question, the flags and sections of `answer`. */
export function encodeReply(query: dnsPacket.Packet, answer: FakeAnswer): Buffer {
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | (answer.truncated ? dnsPacket.TRUNCATED_RESPONSE : 0);
  const rcodes = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 } as const;
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: flags | rcodes[answer.rcode ?? 'NOERROR'],
    questions: query.questions ?? [],
    answers: answer.answers ?? [],
    authorities: answer.authorities ?? [],
  });
}

export async function startFakeDns(
  handler: (question: FakeQuestion) => FakeAnswer | undefined,
  options: FakeDnsOptions = {},
): Promise<FakeDnsServer> {
  const asked: string[] = [];
  let closed = false;
  let udp = dgram.createSocket('udp4');
  const other = dgram.createSocket('udp4');
  const tcp = net.createServer((socket) => {
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      const query = dnsPacket.decode(received.subarray(2, 2 + received.readUInt16BE(0)));
      const [question] = query.questions ?? [];
      asked.push(`tcp ${question?.name} ${question?.type}`);
      const answer = handler({ name: question?.name ?? '', type: question?.type ?? '' });
      if (!answer) return void socket.end();
      const reply = encodeReply(query, { ...answer, truncated: false });
      const length = Buffer.alloc(2);
      length.writeUInt16BE(reply.length);
      socket.end(Buffer.concat([length, reply]));
    });
    socket.on('error', () => undefined);
  });
  const onMessage = (message: Buffer, from: dgram.RemoteInfo) => {
    const query = dnsPacket.decode(message);
    const [question] = query.questions ?? [];
    asked.push(`${question?.name} ${question?.type}`);
    options.spoof?.(
      query,
      (spoofed, via) => closed || (via === 'same' ? udp : other).send(spoofed, from.port, from.address),
    );
    const answer = handler({ name: question?.name ?? '', type: question?.type ?? '' });
    if (!answer) return;
    const reply = encodeReply(query, answer);
    setTimeout(() => closed || udp.send(reply, from.port, from.address), options.replyDelayMs ?? 0);
  };
  udp.on('message', onMessage);
  await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', resolve));
  // UDP and TCP on one port number, which another test may hold for TCP: try other ports then. A failure closes the
  // sockets, or they would keep the test's process from ending.
  for (let attempt = 1; ; attempt++) {
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const listened = await new Promise<Error | undefined>((resolve) => {
      tcp.once('error', resolve);
      tcp.listen(udp.address().port, '127.0.0.1', () => resolve(undefined));
    });
    if (!listened) break;
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (attempt === 5) {
      other.close();
      throw listened;
    }
    udp = dgram.createSocket('udp4');
    udp.on('message', onMessage);
  }
  const port = udp.address().port;
  return {
    address: { host: '127.0.0.1', port },
    asked,
    close: async () => {
      closed = true;
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => other.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

/** A CNAME answer `name -> target` (the target as raw text: any bytes a hostile server likes). */
export function cname(name: string, target: string): dnsPacket.Answer {
  return { type: 'CNAME', name, ttl: 60, class: 'IN', data: target };
}

/** An SOA record for `zone`. */
export function soa(zone: string): dnsPacket.Answer {
  return {
    type: 'SOA',
    name: zone,
    ttl: 60,
    class: 'IN',
    data: {
      mname: `ns1.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: 1,
      refresh: 60,
      retry: 60,
      expire: 600,
      minimum: 60,
    },
  };
}
