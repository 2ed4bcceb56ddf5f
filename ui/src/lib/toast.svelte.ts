// Short confirmations and errors shown at the bottom of the window.
export type Toast = { id: number; kind: 'ok' | 'error'; text: string };
export const toasts = $state<Toast[]>([]);
let next = 1;

export function notify(text: string, kind: 'ok' | 'error' = 'ok'): void {
  const id = next++;
  toasts.push({ id, kind, text });
  setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 3000);
}

export function notifyError(e: unknown): void {
  notify(e instanceof Error ? e.message : String(e), 'error');
}

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}
