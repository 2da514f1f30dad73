import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestbed } from '../src/testing/testbed.js';

const domains = ['*.example.test', 'example.test', 'www.other.test', 'cname.example.test'];
const bed = await startTestbed();
let code: number;
try {
  console.log(
    `Pebble (ACME) at ${bed.directoryUrl}, BIND at 127.0.0.1:${bed.dns.port} (pids ${bed.pids.pebble}, ${bed.pids.named}, ${bed.pids.resolver})`,
  );
  const out = await mkdtemp(join(tmpdir(), 'certwright-demo-'));
  const args = [
    'dist/cli.js',
    'certonly',
    ...domains.flatMap((d) => ['-d', d]),
    '--server',
    bed.directoryUrl,
    '--server-ca-file',
    bed.serverCaFile,
    '--agree-tos',
    '--email',
    'ops@example.test',
    '--dns',
    'rfc2136',
    '--rfc2136-server',
    `127.0.0.1:${bed.dns.port}`,
    '--rfc2136-tsig-key',
    bed.tsig.name,
    '--nameservers',
    `127.0.0.1:${bed.dns.port}`,
    '--output-dir',
    out,
    '--account-key-file',
    join(out, 'account.pem'),
    '--verbose',
  ];
  console.log(`\n$ CERTWRIGHT_RFC2136_TSIG_SECRET=*** node ${args.join(' ')}\n`);
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: { ...process.env, CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret },
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code === 0) {
    const leaf = new X509Certificate(await readFile(join(out, 'example.test', 'cert.pem')));
    const root = new X509Certificate(await bed.root());
    const intermediate = new X509Certificate(await readFile(join(out, 'example.test', 'chain.pem')));
    const chained = leaf.verify(intermediate.publicKey) && intermediate.verify(root.publicKey);
    console.log(`\nChain verifies to Pebble's root "${root.subject.replace('CN=', '')}": ${chained ? 'yes' : 'NO'}`);
    console.log(
      `TXT records left in BIND: ${(await Promise.all(['_acme-challenge.example.test', '_acme-challenge.www.other.test', 'cname-target.delegated.test'].map((n) => bed.txt(n)))).flat().length}`,
    );
    if (!chained) code = 1;
  }
} finally {
  await bed.stop();
  console.log('Pebble and BIND stopped.');
}
process.exit(code);
