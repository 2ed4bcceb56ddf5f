// Saving as the user types: a change waits for the typing to pause, then one
// save runs; the status says where things stand. The scorecard and the
// role-play screen save this way, so an interviewer never presses Save.
import { notifyError } from './toast.svelte';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export class Autosave {
  status = $state<SaveStatus>('idle');
  #timer: ReturnType<typeof setTimeout> | null = null;
  #save: () => Promise<void>;
  #delayMs: number;

  /** `save` writes the current state; it throws to report a failure. */
  constructor(save: () => Promise<void>, delayMs: number) {
    this.#save = save;
    this.#delayMs = delayMs;
  }

  /** Something changed: save once the typing pauses (`delayMs`, or the given delay). */
  changed(delayMs = this.#delayMs): void {
    this.status = 'pending';
    this.cancel();
    this.#timer = setTimeout(() => void this.#run(), delayMs);
  }

  /** Saves now what is waiting for the pause (leaving a field, leaving the screen). */
  flush(): void {
    if (this.#timer) {
      this.cancel();
      void this.#run();
    }
  }

  /** Drops what is waiting, when something else saves it (a submit). */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #run(): Promise<void> {
    this.#timer = null;
    this.status = 'saving';
    try {
      await this.#save();
      this.status = this.#timer ? 'pending' : 'saved';
    } catch (e) {
      this.status = 'error';
      notifyError(e);
    }
  }
}

/** The status in words; `idle` is what nothing saved yet means on that screen. */
export function saveStatusLabel(status: SaveStatus, idle: string, saved = 'Saved'): string {
  switch (status) {
    case 'saving':
      return 'Saving…';
    case 'pending':
      return 'Editing…';
    case 'saved':
      return saved;
    case 'error':
      return 'Not saved';
    default:
      return idle;
  }
}
