import fs from 'node:fs';
import path from 'node:path';
import { setClock } from '../../shared/runtime/clock';

/**
 * The local runtime's clock: real time plus an offset that /_local/clock can move. The offset is
 * kept in the data folder, so a restart continues in the same simulated time.
 */
export class LocalClock {
  private offsetMs = 0;
  private readonly file?: string;
  private listeners: Array<(now: Date) => void> = [];

  constructor(dataDir?: string) {
    if (dataDir) {
      this.file = path.join(dataDir, 'clock.json');
      try {
        this.offsetMs = Number(JSON.parse(fs.readFileSync(this.file, 'utf8')).offsetMs) || 0;
      } catch {
        this.offsetMs = 0;
      }
    }
  }

  private frozenAt?: number;
  // eslint-disable-next-line no-restricted-syntax -- the one place that reads the real time
  private wall = (): number => Date.now();
  private real = (): number => this.frozenAt ?? this.wall();

  /** Stops time between explicit moves (set, advance): a run that must replay exactly (the soak). */
  freeze(): void {
    this.frozenAt = this.wall();
  }

  now = (): Date => new Date(this.real() + this.offsetMs);

  /** Installs this clock as the process-wide clock that handlers read. Returns the restorer. */
  install(): () => void {
    return setClock(this.now);
  }

  set(at: Date): Date {
    this.offsetMs = at.getTime() - this.real();
    this.persist();
    const now = this.now();
    for (const l of this.listeners) l(now);
    return now;
  }

  advance(ms: number): Date {
    return this.set(new Date(this.now().getTime() + ms));
  }

  onChange(listener: (now: Date) => void): void {
    this.listeners.push(listener);
  }

  private persist(): void {
    if (this.file) fs.writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
  }
}

/** Parses an ISO 8601 duration (P3D, PT6H, P1W, P1M2DT3H) into milliseconds; months are 30 days. */
export function parseDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  const days = y! * 365 + mo! * 30 + w! * 7 + d!;
  return ((days * 24 + h!) * 60 + mi!) * 60_000 + s! * 1000;
}
