/**
 * argv read the way Node's util.parseArgs reads it in strict mode, for the kinds of option the
 * CLI has: text options that may repeat (`multiple`), switches, and one-letter aliases. For any
 * argv that parseArgs accepts it gives the same values and positionals (test/unit/argv.test.ts
 * compares the two over thousands of command lines); where parseArgs would throw it returns
 * undefined, and the caller asks parseArgs itself what is wrong, for the message.
 *
 * Its own code because every run reads argv first: util.parseArgs loads its two modules through
 * node:util's lazy getter and builds a token list, 1 to 2 ms of a 0.1 s certificate on this
 * project's machine.
 */

/** One option as parseArgs takes it (the subset the CLI uses). */
export interface ArgvOption {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
}

export interface ScannedArgv {
  /** By option name, in the order first given: text options as lists when `multiple`, switches `true`. */
  readonly values: Record<string, string | string[] | true>;
  readonly positionals: string[];
}

/**
 * Reads `argv` against `options`, or returns undefined where strict parseArgs would refuse it:
 * an unknown option, a text option without a value or with one that looks like an option (give
 * it as `--name=-x`), a value given to a switch, a positional where none is allowed.
 */
export function scanArgv(
  argv: readonly string[],
  options: Readonly<Record<string, ArgvOption>>,
  allowPositionals: boolean,
): ScannedArgv | undefined {
  const known = (name: string): ArgvOption | undefined =>
    Object.prototype.hasOwnProperty.call(options, name) ? options[name] : undefined;
  const longOf = new Map<string, string>();
  for (const [name, option] of Object.entries(options)) if (option.short) longOf.set(option.short, name);
  // A letter no option has stands for itself, as in parseArgs (and is then unknown, unless an option has that name).
  const forShort = (letter: string) => longOf.get(letter) ?? letter;
  const values: Record<string, string | string[] | true> = Object.create(null) as Record<
    string,
    string | string[] | true
  >;
  const positionals: string[] = [];
  const store = (name: string, value: string | undefined): boolean => {
    const option = known(name);
    if (!option) return false;
    if (option.type === 'boolean') {
      if (value !== undefined) return false;
      values[name] = true;
      return true;
    }
    if (value === undefined) return false;
    if (option.multiple) {
      const list = values[name];
      if (Array.isArray(list)) list.push(value);
      else values[name] = [value];
    } else values[name] = value;
    return true;
  };
  /** Whether parseArgs would take `value`, the next argument, as a text option's value. */
  const plainValue = (value: string | undefined): value is string =>
    value !== undefined && !(value.length > 1 && value[0] === '-');

  const args = [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      if (!allowPositionals && i + 1 < args.length) return undefined;
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.length < 2 || arg[0] !== '-') {
      if (!allowPositionals) return undefined;
      positionals.push(arg);
      continue;
    }
    if (arg[1] !== '-') {
      // -x, -xVALUE, or a group of switches -abc
      const letter = arg[1] as string;
      const name = forShort(letter);
      const option = known(name);
      if (arg.length === 2) {
        if (option?.type === 'string') {
          const value = args[i + 1];
          if (!plainValue(value)) return undefined;
          i++;
          if (!store(name, value)) return undefined;
        } else if (!store(name, undefined)) return undefined;
        continue;
      }
      if (option?.type === 'string') {
        if (!store(name, arg.slice(2))) return undefined;
        continue;
      }
      // A group: each letter a switch, except that a text option takes the rest of the group, or the next argument.
      const expanded: string[] = [];
      for (let at = 1; at < arg.length; at++) {
        const short = arg[at] as string;
        if (known(forShort(short))?.type !== 'string' || at === arg.length - 1) expanded.push(`-${short}`);
        else {
          expanded.push(`-${arg.slice(at)}`);
          break;
        }
      }
      args.splice(i + 1, 0, ...expanded);
      continue;
    }
    const equals = arg.indexOf('=');
    if (equals >= 0) {
      // --name=value: the value as it is, even empty or option-like
      if (!store(arg.slice(2, equals), arg.slice(equals + 1))) return undefined;
      continue;
    }
    const name = arg.slice(2);
    if (known(name)?.type === 'string') {
      const value = args[i + 1];
      if (!plainValue(value)) return undefined;
      i++;
      if (!store(name, value)) return undefined;
    } else if (!store(name, undefined)) return undefined;
  }
  return { values: { ...values }, positionals };
}
