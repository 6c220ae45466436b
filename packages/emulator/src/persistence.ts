import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { EmulatorError } from './errors.js';
import { emulatorStateSchema } from './state-schema.js';
import type { EmulatorState } from './types.js';

/** Reads a state file; undefined when it does not exist. */
export function loadState(file: string): EmulatorState | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new EmulatorError('ERR_INVALID_OPTION', `dataFile ${file} is not valid JSON`);
  }
  const parsed = emulatorStateSchema.safeParse(raw);
  if (!parsed.success) throw new EmulatorError('ERR_INVALID_OPTION', `dataFile ${file} does not hold an emulator state`);
  return parsed.data;
}

/** Writes a state file atomically (temp file + rename), readable by its owner only. */
export function saveState(file: string, state: EmulatorState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Saves soon after a change (coalescing bursts), and at once on flush(). */
export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly file: string,
    private readonly snapshot: () => EmulatorState,
    private readonly delayMs = 50,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      saveState(this.file, this.snapshot());
    }, this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    saveState(this.file, this.snapshot());
  }
}
