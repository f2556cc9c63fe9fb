import type { Model } from './model.js';

/** How long a notice stays in the status line. */
export const NOTICE_MS = 2500;

/** The model with a notice in the status line until `now + NOTICE_MS`. */
export function withNotice(model: Model, text: string, kind: 'info' | 'error', now: number): Model {
  return { ...model, notice: { text, kind, until: now + NOTICE_MS } };
}
