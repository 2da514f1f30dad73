import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import net from 'node:net';
import { isIP } from 'node:net';
import type Dns from 'node:dns';
import dnsPacket from 'dns-packet';
import { lazyBuiltin } from '../runtime.js';
import { formatServerAddress, type ServerAddress } from './address.js';

export interface ExchangeOptions {
  readonly timeoutMs?: number;
  /** Skip UDP and go straight to TCP. */
  readonly tcp?: boolean;
}

/** A random 16-bit message ID. */
export function newMessageId(): number {
  return randomInt(0, 0x10000);
}

/** The parts of a message that tie a reply to its query: ID, QR bit, opcode and the questions. */
interface MessageKey {
  readonly id: number;
  readonly response: boolean;
  readonly opcode: number;
  readonly rcode: number;
  /** `name type class` per question, the name lower-cased and without the trailing dot. */
  readonly questions: readonly string[];
}

/** Reads the header and question section only (an UPDATE's zone section too), or undefined if malformed. */
function messageKey(message: Buffer): MessageKey | undefined {
  try {
    if (message.length < 12) return undefined;
    const flags = message.readUInt16BE(2);
    const questions: string[] = [];
    let offset = 12;
    for (let i = 0; i < message.readUInt16BE(4); i++) {
      const name = nameCodec.decode(message, offset);
      offset += (nameCodec.decode as unknown as { bytes: number }).bytes;
      questions.push(
        `${name.toLowerCase().replace(/\.$/, '')} ${message.readUInt16BE(offset)} ${message.readUInt16BE(offset + 2)}`,
      );
      offset += 4;
    }
    return {
      id: message.readUInt16BE(0),
      response: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      rcode: flags & 0xf,
      questions,
    };
  } catch {
    return undefined;
  }
}

const FORMERR = 1;
const NOTIMP = 4;

/**
 * Whether `reply` answers `query`: same ID and opcode, a response, for the same questions. A
 * server that could not parse or does not implement the query may leave the question out.
 */
export function answersQuery(query: Buffer, reply: Buffer): boolean {
  const asked = messageKey(query);
  const got = messageKey(reply);
  if (!asked || !got || !got.response || got.id !== asked.id || got.opcode !== asked.opcode) return false;
  if (got.questions.length === 0 && (got.rcode === FORMERR || got.rcode === NOTIMP)) return true;
  return got.questions.length === asked.questions.length && got.questions.every((q, i) => q === asked.questions[i]);
}

const nodeDns = lazyBuiltin<typeof Dns>('node:dns');

/**
 * How a UDP socket finds its server's address (and the address it binds to): an IP address as it
 * is, a name through node:dns. dgram's own default sends even an IP address through node:dns,
 * whose first use loads c-ares and reads the system's resolver files (1.2 ms on this project's
 * machine); a run with its nameservers given never needs them.
 */
function lookupAddress(
  host: string,
  family: number | Dns.LookupOneOptions, // dgram gives 4 or 6
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const version = isIP(host);
  if (version !== 0) process.nextTick(callback, null, host, version);
  else nodeDns().lookup(host, typeof family === 'number' ? { family } : family, callback);
}

/**
 * Sends one DNS message over UDP and returns the reply to it. The socket is connected, so the
 * kernel drops datagrams from any other address or port; a datagram that does not answer this
 * query (another ID or question) is ignored and the wait goes on until the timeout.
 */
function exchangeUdp(server: ServerAddress, message: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: isIP(server.host) === 6 ? 'udp6' : 'udp4', lookup: lookupAddress });
    let ignored = 0;
    const timer = setTimeout(() => {
      const why = ignored > 0 ? ` (ignored ${ignored} repl${ignored === 1 ? 'y' : 'ies'} to another query)` : '';
      finish(new Error(`dns: no UDP answer from ${formatServerAddress(server)} within ${timeoutMs} ms${why}`));
    }, timeoutMs);
    function finish(error: Error | undefined, reply?: Buffer): void {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply as Buffer);
    }
    socket.on('message', (reply) => {
      if (answersQuery(message, reply)) finish(undefined, reply);
      else ignored++;
    });
    socket.on('error', (error) =>
      finish(new Error(`dns: UDP to ${formatServerAddress(server)} failed`, { cause: error })),
    );
    // Without a callback, a connect that fails (no route to the server) is an 'error' event, handled above;
    // with one, Node hands the error to the callback instead.
    socket.once('connect', () => socket.send(message));
    socket.connect(server.port, server.host);
  });
}

/** Sends one DNS message over TCP (two-byte length prefix, RFC 1035 §4.2.2). */
function exchangeTcp(server: ServerAddress, message: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`dns: no TCP answer from ${formatServerAddress(server)} within ${timeoutMs} ms`)),
    );
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length);
      socket.write(Buffer.concat([length, message]));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.end();
        const reply = received.subarray(2, 2 + received.readUInt16BE(0));
        if (answersQuery(message, reply)) resolve(reply);
        else reject(new Error(`dns: ${formatServerAddress(server)} answered another query over TCP`));
      }
    });
    socket.on('error', (error) =>
      reject(new Error(`dns: TCP to ${formatServerAddress(server)} failed`, { cause: error })),
    );
    socket.on('close', () =>
      reject(new Error(`dns: ${formatServerAddress(server)} closed the TCP connection without a full answer`)),
    );
  });
}

const TRUNCATED = 1 << 9;

/**
 * Sends a DNS message and returns the raw reply: UDP first, TCP when the reply is truncated
 * or `tcp` is set. Messages longer than 512 bytes go over TCP directly.
 */
export async function exchange(server: ServerAddress, message: Buffer, options: ExchangeOptions = {}): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  if (options.tcp || message.length > 512) return exchangeTcp(server, message, timeoutMs);
  const reply = await exchangeUdp(server, message, timeoutMs);
  if (reply.length >= 4 && reply.readUInt16BE(2) & TRUNCATED) return exchangeTcp(server, message, timeoutMs);
  return reply;
}

export type RecordType = 'SOA' | 'NS' | 'CNAME' | 'TXT' | 'A' | 'AAAA';

/** A decoded reply with the parts the DNS core reads. */
export interface QueryReply {
  readonly rcode: string;
  readonly authoritative: boolean;
  readonly answers: readonly dnsPacket.Answer[];
  readonly authorities: readonly dnsPacket.Answer[];
}

/** Asks one server one question. `recursive` sets RD, for a recursive resolver. */
export async function query(
  server: ServerAddress,
  name: string,
  type: RecordType,
  options: ExchangeOptions & { recursive?: boolean } = {},
): Promise<QueryReply> {
  const message = dnsPacket.encode({
    type: 'query',
    id: newMessageId(),
    flags: options.recursive ? dnsPacket.RECURSION_DESIRED : 0,
    questions: [{ type, name, class: 'IN' }],
  });
  const reply = dnsPacket.decode(await exchange(server, message, options));
  return {
    rcode: (reply as { rcode?: string }).rcode ?? 'NOERROR',
    authoritative: ((reply.flags ?? 0) & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    answers: reply.answers ?? [],
    authorities: reply.authorities ?? [],
  };
}

/** The strings of the TXT records in answers for `name`, each record's strings joined. */
export function txtValues(answers: readonly dnsPacket.Answer[], name: string): string[] {
  return answers
    .filter((answer) => answer.type === 'TXT' && answer.name.toLowerCase() === name)
    .map((answer) => {
      const data = (answer as { data: Buffer | Buffer[] | string }).data;
      return Array.isArray(data) ? data.map((part) => part.toString()).join('') : data.toString();
    });
}

/** The data of an A, AAAA, NS or CNAME answer as text. */
export function answerText(answer: dnsPacket.Answer): string {
  return String((answer as { data: unknown }).data);
}

const nameCodec = (
  dnsPacket as unknown as { name: { encode(name: string): Buffer; decode(buf: Buffer, offset: number): string } }
).name;

/** A domain name in uncompressed wire format (RFC 1035 §3.1). */
export function encodeName(name: string): Buffer {
  return nameCodec.encode(name);
}

/** Reads a (possibly compressed) domain name from a message. */
export function decodeName(buf: Buffer, offset: number): string {
  return nameCodec.decode(buf, offset);
}
