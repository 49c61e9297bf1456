import { z } from 'zod';
import { event, request } from './define';
import { Id } from './limits';

/** A question main asks the user (browser mode shows it in the page; the answer needs the server's code). */
export const ConfirmRequested = z.object({
  id: z.string(),
  title: z.string(),
  message: z.string(),
  detail: z.string(),
  confirmLabel: z.string(),
});
export type ConfirmRequested = z.infer<typeof ConfirmRequested>;

export const ConfirmAnswerState = z.enum(['accepted', 'declined', 'wrong-code', 'unknown']);
export type ConfirmAnswerState = z.infer<typeof ConfirmAnswerState>;

export const confirmRequests = {
  /** Browser mode: the code printed where the server runs, or null to decline. */
  'confirm.answer': request(
    z.object({ id: Id, code: z.string().max(16).nullable() }),
    z.object({ state: ConfirmAnswerState }),
  ),
};

export const confirmEvents = {
  'confirm.requested': event(ConfirmRequested),
  'confirm.settled': event(z.object({ id: z.string() })),
};
