/**
 * The next time a GitHub Actions cron schedule fires (five fields, UTC), so a renewal that
 * would fall before the next run happens in this one.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

/** A parsed cron expression; `expression` is kept for messages. */
export interface CronSchedule {
  readonly expression: string;
  readonly sets: readonly ReadonlySet<number>[];
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

function parseValue(text: string, field: (typeof FIELDS)[number], expression: string): number {
  const names = 'names' in field ? (field.names as readonly string[]) : [];
  const byName = names.indexOf(text.toUpperCase());
  const value = byName >= 0 ? byName + field.min : Number(text);
  const ok =
    Number.isInteger(value) &&
    /^\w+$/.test(text) &&
    value >= field.min &&
    (value <= field.max || (field.name === 'day of week' && value === 7));
  if (!ok)
    throw new Error(`schedule: "${expression}": ${field.name} "${text}" is out of range ${field.min}-${field.max}`);
  return field.name === 'day of week' && value === 7 ? 0 : value;
}

/** Parses a five-field cron expression once; errors quote it and name the field. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`schedule: "${expression}" is not a cron expression; expected five fields, such as "17 4 * * *"`);
  const sets = parts.map((part, i) => {
    const field = FIELDS[i] as (typeof FIELDS)[number];
    const set = new Set<number>();
    for (const item of part.split(',')) {
      const [range = '', stepText] = item.split('/');
      const step = stepText === undefined ? 1 : Number(stepText);
      if (!Number.isInteger(step) || step < 1)
        throw new Error(`schedule: "${expression}": bad step "${stepText}" in the ${field.name} field`);
      let [from, to] = [field.min as number, field.max as number];
      if (range !== '*') {
        const [a = '', b] = range.split('-');
        from = parseValue(a, field, expression);
        to = b === undefined ? (stepText === undefined ? from : field.max) : parseValue(b, field, expression);
      }
      for (let v = from; v <= to; v += step) set.add(v);
    }
    return set;
  });
  return { expression: expression.trim(), sets, anyDay: parts[2] === '*', anyWeekday: parts[4] === '*' };
}

function dayMatches(cron: CronSchedule, date: Date): boolean {
  const [, , days, , weekdays] = cron.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const dom = days.has(date.getUTCDate());
  const dow = weekdays.has(date.getUTCDay());
  // cron's rule: when both fields are restricted, either may match.
  if (!cron.anyDay && !cron.anyWeekday) return dom || dow;
  return dom && dow;
}

/** The first time strictly after `after` at which the schedule fires (searched up to 5 years). */
export function nextCronRun(cron: CronSchedule, after: Date): Date {
  const [minutes, hours, , months] = cron.sets as [Set<number>, Set<number>, Set<number>, Set<number>];
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
    } else if (!hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
    } else if (!minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
    } else {
      return t;
    }
  }
  throw new Error(`schedule: "${cron.expression}" never fires`);
}
