import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRenewal, stableFraction } from '../../src/renewal/decide.js';
import { nextCronRun, parseCron } from '../../src/renewal/schedule.js';

const DAY = 86_400_000;
const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date(notBefore.getTime() + 90 * DAY);
const base = { notBefore, notAfter, certificateId: 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE' };

describe('renewal decision', () => {
  it('without ARI renews when a third of the lifetime is left', () => {
    const renewAt = notAfter.getTime() - 30 * DAY;
    assert.deepEqual(decideRenewal({ ...base, now: renewAt - 1 }), {
      due: false,
      renewAt: new Date(renewAt),
      reason: 'not due until 2026-03-02T00:00:00.000Z (a third of its lifetime left)',
    });
    assert.equal(decideRenewal({ ...base, now: renewAt }).due, true);
  });

  it('renews short-lived certificates at half their lifetime', () => {
    const short = { ...base, notAfter: new Date(notBefore.getTime() + 6 * DAY) };
    assert.equal(decideRenewal({ ...short, now: notBefore.getTime() + 3 * DAY - 1 }).due, false);
    assert.match(decideRenewal({ ...short, now: notBefore.getTime() + 3 * DAY }).reason, /half of its lifetime left/);
  });

  it('renew-before-days overrides the fraction', () => {
    const decision = decideRenewal({ ...base, now: notAfter.getTime() - 45 * DAY, renewBeforeDays: 45 });
    assert.deepEqual(
      [decision.due, decision.reason],
      [true, 'due since 2026-02-15T00:00:00.000Z (45 days before expiry)'],
    );
  });

  it('a point that falls before the next scheduled run is taken now', () => {
    const renewAt = notAfter.getTime() - 30 * DAY;
    const decision = decideRenewal({ ...base, now: renewAt - 2 * DAY, nextRunAt: renewAt + DAY });
    assert.equal(decision.due, true);
    assert.match(decision.reason, /before the next scheduled run at 2026-03-03T00:00:00.000Z/);
    assert.equal(decideRenewal({ ...base, now: renewAt - 2 * DAY, nextRunAt: renewAt - DAY }).due, false);
  });

  it('with ARI uses a stable point inside the window', () => {
    const ariWindow = { start: new Date('2026-02-10T00:00:00Z'), end: new Date('2026-02-12T00:00:00Z') };
    const a = decideRenewal({ ...base, now: 0, ariWindow });
    const b = decideRenewal({ ...base, now: 0, ariWindow });
    assert.deepEqual(a, b, 'the same certificate gets the same point every run');
    assert.ok(a.renewAt >= ariWindow.start && a.renewAt <= ariWindow.end);
    assert.equal(
      a.renewAt.getTime(),
      ariWindow.start.getTime() + Math.floor(stableFraction(base.certificateId) * 2 * DAY),
    );
    const other = decideRenewal({ ...base, certificateId: 'other.AQ', now: 0, ariWindow });
    assert.notEqual(other.renewAt.getTime(), a.renewAt.getTime(), 'certificates spread over the window');
    assert.equal(
      decideRenewal({ ...base, now: ariWindow.end.getTime(), ariWindow }).due,
      true,
      'window in the past: renew',
    );
    assert.equal(
      decideRenewal({
        ...base,
        now: ariWindow.start.getTime() - DAY,
        ariWindow,
        nextRunAt: ariWindow.end.getTime() + 1,
      }).due,
      true,
      'next run after the window: renew',
    );
    assert.equal(
      decideRenewal({
        ...base,
        now: ariWindow.start.getTime() - DAY,
        ariWindow,
        nextRunAt: ariWindow.start.getTime() - 1,
      }).due,
      false,
      'next run before the window: wait',
    );
  });
});

describe('cron schedule', () => {
  const table: [string, string, string][] = [
    ['17 4 * * *', '2026-11-21T06:00:00Z', '2026-11-22T04:17:00.000Z'],
    ['17 4 * * *', '2026-11-21T04:16:59Z', '2026-11-21T04:17:00.000Z'],
    ['*/15 * * * *', '2026-11-21T06:07:00Z', '2026-11-21T06:15:00.000Z'],
    ['0 0 1 * *', '2026-12-15T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['30 2 * * MON', '2026-11-21T00:00:00Z', '2026-11-23T02:30:00.000Z'],
    ['0 12 * * 1-5', '2026-11-21T13:00:00Z', '2026-11-23T12:00:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 6 13 * 5', '2026-11-21T07:00:00Z', '2026-11-27T06:00:00.000Z'],
  ];
  for (const [cron, after, next] of table) {
    it(`"${cron}" after ${after} fires at ${next}`, () =>
      assert.equal(nextCronRun(parseCron(cron), new Date(after)).toISOString(), next));
  }
  it('rejects bad expressions naming the field', () => {
    assert.throws(() => parseCron('61 * * * *'), {
      message: 'schedule: "61 * * * *": minute "61" is out of range 0-59',
    });
    assert.throws(() => parseCron('daily'), {
      message: 'schedule: "daily" is not a cron expression; expected five fields, such as "17 4 * * *"',
    });
  });
});
