import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Directory } from '../../src/acme/transport.js';
import { parseCertificateRequest, type RawInputs } from '../../src/config/inputs.js';
import type { CertificateSummary } from '../../src/crypto/certificate.js';
import { decideRenewal } from '../../src/renewal/decide.js';
import { expiryWarning, expiryWarnings } from '../../src/renewal/expiry.js';
import { withOfferedProfile } from '../../src/renewal/renew.js';
import type { CertificateResult } from '../../src/renewal/run.js';
import { nextCronRun, parseCron } from '../../src/renewal/schedule.js';
import { captureLogger } from '../../src/testing/engine.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2027-03-01T12:00:00Z');

const raw: RawInputs = {
  domains: 'example.com',
  'dns-provider': 'rfc2136',
  'rfc2136-server': '127.0.0.1:53',
  'rfc2136-tsig-key': 'k',
  'rfc2136-tsig-secret': 'c2VjcmV0',
};

function certificate(notBefore: number, notAfter: number): CertificateSummary {
  return {
    subject: 'CN=example.com',
    issuer: 'CN=Test CA',
    domains: ['example.com'],
    serial: '01',
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
  };
}

describe('ARI on the CA’s clock: the renewal decision', () => {
  const ninetyDays = { notBefore: new Date(NOW - 10 * DAY), notAfter: new Date(NOW + 80 * DAY), certificateId: 'a.b' };

  it('a window wholly in the past: due now, and the CA asked for it', () => {
    const decision = decideRenewal({
      ...ninetyDays,
      now: NOW,
      ariWindow: { start: new Date(NOW - 2 * DAY), end: new Date(NOW - DAY) },
    });
    assert.equal(decision.due, true);
    assert.equal(decision.caAsked, true);
    assert.match(decision.reason, /; the CA asked for early renewal \(its window is in the past\)$/);
  });

  it('a window the CA just moved to start in the past: due now, even where the certificate’s point lies later in it', () => {
    const window = { start: new Date(NOW - HOUR), end: new Date(NOW + 30 * DAY) };
    const moved = decideRenewal({ ...ninetyDays, now: NOW, ariWindow: window, ariWindowMoved: true });
    assert.deepEqual([moved.due, moved.caAsked, moved.renewAt.getTime()], [true, true, NOW]);
    assert.match(moved.reason, /the CA asked for early renewal \(it moved its window into the past\)$/);
    const reached = decideRenewal({ ...ninetyDays, now: NOW, ariWindow: window });
    assert.equal(reached.caAsked, undefined, 'a window reached in time is no request from the CA');
    assert.equal(reached.due, reached.renewAt.getTime() <= NOW);
  });

  it('a window moved to a later future point only moves the renewal point', () => {
    const decision = decideRenewal({
      ...ninetyDays,
      now: NOW,
      ariWindow: { start: new Date(NOW + 40 * DAY), end: new Date(NOW + 41 * DAY) },
      ariWindowMoved: true,
    });
    assert.deepEqual([decision.due, decision.caAsked], [false, undefined]);
  });

  it('"17 */6 * * *" fires every 6 hours at minute 17: the next run is at most 6 h away', () => {
    const cron = parseCron('17 */6 * * *');
    assert.equal(nextCronRun(cron, new Date('2027-03-01T12:17:00Z')).toISOString(), '2027-03-01T18:17:00.000Z');
    assert.equal(nextCronRun(cron, new Date('2027-03-01T23:59:00Z')).toISOString(), '2027-03-02T00:17:00.000Z');
    assert.equal(nextCronRun(cron, new Date('2027-03-01T06:16:00Z')).toISOString(), '2027-03-01T06:17:00.000Z');
  });

  it('a 6-day certificate whose point falls before the next 6-hourly run renews in this one', () => {
    const notBefore = NOW - 3 * DAY + 10 * 60_000; // its point (half its lifetime) is 10 minutes from now
    const input = { notBefore: new Date(notBefore), notAfter: new Date(notBefore + 6 * DAY), certificateId: 'x' };
    const nextRunAt = nextCronRun(parseCron('17 */6 * * *'), new Date(NOW)).getTime();
    assert.equal(decideRenewal({ ...input, now: NOW }).due, false);
    const decision = decideRenewal({ ...input, now: NOW, nextRunAt });
    assert.equal(decision.due, true);
    assert.match(decision.reason, /before the next scheduled run at 2027-03-01T12:17:00\.000Z$/);
  });
});

describe('warnings that scale with the lifetime', () => {
  const sixDay = (age: number) => certificate(NOW - age, NOW - age + 6 * DAY);

  it('a 6-day certificate past its renewal point and still valid warns, days before the tenth of its lifetime', () => {
    assert.equal(
      expiryWarning(sixDay(4 * DAY), NOW),
      'expires in 48 h (2027-03-03T12:00:00.000Z): its renewal is overdue since 2027-02-28T12:00:00.000Z (a 144 h certificate)',
    );
    assert.equal(expiryWarning(sixDay(2 * DAY), NOW), undefined, 'before its renewal point: no warning');
    assert.equal(expiryWarning(sixDay(7 * DAY), NOW), 'expired at 2027-02-28T12:00:00.000Z', 'expired is not overdue');
  });

  it('the run’s renewal point counts (an ARI window earlier than half the lifetime)', () => {
    const young = sixDay(2 * DAY);
    assert.match(expiryWarning(young, NOW, undefined, new Date(NOW - HOUR)) ?? '', /overdue since 2027-03-01T11:00:00/);
    assert.equal(expiryWarning(young, NOW, undefined, new Date(NOW + HOUR)), undefined);
  });

  it('a 90-day certificate past its renewal point does not warn until the last 7 days', () => {
    assert.equal(expiryWarning(certificate(NOW - 70 * DAY, NOW + 20 * DAY), NOW), undefined);
    assert.match(expiryWarning(certificate(NOW - 84 * DAY, NOW + 6 * DAY), NOW) ?? '', /^expires in 6 days/);
  });

  it('a deferred 6-day renewal warns in that run; a renewed one does not', () => {
    const current = sixDay(4 * DAY);
    const deferred: CertificateResult = {
      name: 'short',
      outcome: { action: 'deferred', reason: 'budget', summary: current, renewAt: new Date(NOW - DAY), elapsedMs: 1 },
    };
    const renewed: CertificateResult = {
      name: 'fresh',
      outcome: { action: 'renewed', reason: 'due', summary: sixDay(0), elapsedMs: 1 },
    };
    assert.deepEqual(
      expiryWarnings([deferred, renewed], NOW).map((w) => w.message),
      [
        'short expires in 48 h (2027-03-03T12:00:00.000Z): its renewal is overdue since 2027-02-28T12:00:00.000Z (a 144 h certificate); its renewal was deferred',
      ],
    );
  });
});

describe('profiles over a lifetime', () => {
  const directory = { meta: { profiles: { classic: 'default', tlsserver: '45 days' } } } as unknown as Directory;
  const request = (ca: Record<string, string>) => {
    const parsed = parseCertificateRequest({ ...raw, server: 'https://ca.test/dir', ...ca });
    return parsed;
  };

  it('a strict profile the CA does not offer: one line naming profile and the offered ones', () => {
    const log = captureLogger();
    assert.throws(() => withOfferedProfile(request({ profile: 'shortlived' }), directory, log), {
      message:
        'profile: "shortlived" is not offered by https://ca.test/dir (offered: classic, tlsserver); ' +
        "set profile to one of those, or preferred-profile to fall back to the CA's default",
    });
    const none = { meta: {} } as unknown as Directory;
    assert.throws(() => withOfferedProfile(request({ profile: 'classic' }), none, log), /\(offered: none\)/);
  });

  it('a preferred profile: used when offered, else the CA’s default with a warning', () => {
    const log = captureLogger();
    const offered = withOfferedProfile(request({ 'preferred-profile': 'tlsserver' }), directory, log);
    assert.equal(offered.ca.profile, 'tlsserver');
    assert.deepEqual(log.lines, []);
    const fallback = withOfferedProfile(request({ 'preferred-profile': 'shortlived' }), directory, log);
    assert.equal(fallback.ca.profile, undefined);
    assert.equal(fallback.ca.preferredProfile, undefined);
    assert.deepEqual(log.lines, [
      'warn: preferred-profile: "shortlived" is not offered by https://ca.test/dir (offered: classic, tlsserver); ' +
        "example.com is ordered with the CA's default profile",
    ]);
  });

  it('profile and preferred-profile together are refused in one line', () => {
    assert.throws(() => request({ profile: 'classic', 'preferred-profile': 'tlsserver' }), {
      message: 'preferred-profile: set either profile (strict) or preferred-profile (with a fallback), not both',
    });
  });
});
