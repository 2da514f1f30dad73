import * as core from '@actions/core';
import type { CertificateLog } from '../renewal/resources.js';
import { prefixedLogger, type Logger } from '../runtime.js';

type Line = readonly [level: keyof Logger, message: string];

interface Entry {
  readonly name: string;
  readonly title: string;
  readonly lines: Line[];
  ended: boolean;
}

/**
 * Each ordered certificate's lines as one collapsible group of the runner's log. Groups cannot
 * interleave, so when certificates are ordered side by side the first one streams its lines
 * live and the others' lines are held, in order, until their group's turn. Every line still
 * carries the certificate's name, so a held line read elsewhere (an annotation) says whose it is.
 */
export class CertificateGroups {
  readonly #logger: Logger;
  readonly #queue: Entry[] = [];

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  open(name: string, title: string): CertificateLog {
    const entry: Entry = { name, title, lines: [], ended: false };
    this.#queue.push(entry);
    if (this.#queue.length === 1) core.startGroup(`${name}: ${title}`);
    const named = prefixedLogger(this.#logger, name);
    const write = (level: keyof Logger) => (message: string) => {
      if (this.#queue[0] === entry) named[level](message);
      else entry.lines.push([level, message]);
    };
    return {
      info: write('info'),
      warn: write('warn'),
      debug: write('debug'),
      end: () => {
        entry.ended = true;
        if (this.#queue[0] === entry) this.#next();
      },
    };
  }

  /** Closes the live group and replays the held ones until one is still running. */
  #next(): void {
    core.endGroup();
    this.#queue.shift();
    for (let entry = this.#queue[0]; entry; entry = this.#queue[0]) {
      core.startGroup(`${entry.name}: ${entry.title}`);
      const named = prefixedLogger(this.#logger, entry.name);
      for (const [level, message] of entry.lines.splice(0)) named[level](message);
      if (!entry.ended) return;
      core.endGroup();
      this.#queue.shift();
    }
  }
}
