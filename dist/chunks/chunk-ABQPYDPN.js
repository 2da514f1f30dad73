import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/renewal/expiry.ts
var DAY = 864e5;
var DEFAULT_FRACTION = 0.1;
var DEFAULT_MAX_DAYS = 7;
function daysLeft(summary, now) {
  return Math.floor((summary.notAfter.getTime() - now) / DAY);
}
var SHORT_LIFETIME_DAYS = 10;
function expiryWarning(summary, now, warnDays, renewAt) {
  const lifetime = summary.notAfter.getTime() - summary.notBefore.getTime();
  const overdue = overdueWarning(summary, now, lifetime, renewAt);
  if (overdue) return overdue;
  const within = warnDays === void 0 ? Math.min(lifetime * DEFAULT_FRACTION, DEFAULT_MAX_DAYS * DAY) : warnDays * DAY;
  const left = summary.notAfter.getTime() - now;
  if (left > within) return void 0;
  const when = summary.notAfter.toISOString();
  if (left <= 0) return `expired at ${when}`;
  const hours = Math.floor(left / 36e5);
  return `expires ${hours < 48 ? `in ${hours} h` : `in ${Math.floor(left / DAY)} days`} (${when})`;
}
function overdueWarning(summary, now, lifetime, renewAt) {
  const left = summary.notAfter.getTime() - now;
  if (lifetime > SHORT_LIFETIME_DAYS * DAY || left <= 0) return void 0;
  const due = renewAt?.getTime() ?? summary.notAfter.getTime() - lifetime / 2;
  if (now < due) return void 0;
  const hours = Math.floor(left / 36e5);
  return `expires in ${hours} h (${summary.notAfter.toISOString()}): its renewal is overdue since ${new Date(due).toISOString()} (a ${Math.round(lifetime / 36e5)} h certificate)`;
}
function certificateInPlace(result) {
  return result.outcome?.summary ?? result.current;
}
function renewalPoint(result) {
  const { outcome } = result;
  return outcome && (outcome.action === "not-due" || outcome.action === "deferred") ? outcome.renewAt : void 0;
}
function expiryWarnings(results, now, warnDays) {
  return results.flatMap((result) => {
    const certificate = certificateInPlace(result);
    const warning = certificate ? expiryWarning(certificate, now, warnDays, renewalPoint(result)) : void 0;
    if (!warning) return [];
    const why = result.error ? "; its renewal failed this run" : result.deferred || result.outcome?.action === "deferred" ? "; its renewal was deferred" : "";
    return [{ name: result.name, message: `${result.name} ${warning}${why}` }];
  });
}

export {
  daysLeft,
  expiryWarning,
  certificateInPlace,
  renewalPoint,
  expiryWarnings
};
