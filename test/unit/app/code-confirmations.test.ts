import { describe, expect, it } from 'vitest';
import { CodeConfirmations } from '../../../electron/app/confirm';

const ask = {
  title: 'Use tcp://127.0.0.1:2375?',
  message: 'Send credentials there?',
  detail: 'x',
  confirmLabel: 'Use it',
};

function flow(timeoutMs = 5_000) {
  const printed: string[] = [];
  const requested: { id: string; title: string }[] = [];
  const c = new CodeConfirmations({
    announce: (line) => printed.push(line),
    publish: (e) => requested.push(e),
    settled: () => undefined,
    timeoutMs,
  });
  const code = () => /code (\d{6})/.exec(printed.join('\n'))?.[1] ?? '';
  return { c, printed, requested, code };
}

describe('browser mode: confirmations the server asks for', () => {
  it('the page sees the question but not the code; the code is printed where the server runs', async () => {
    const f = flow();
    const answer = f.c.confirm(ask);
    const [req] = f.requested;
    expect(req?.title).toBe(ask.title);
    expect(JSON.stringify(f.requested)).not.toContain(f.code());
    expect(f.code()).toMatch(/^\d{6}$/);
    expect(f.printed.join('\n')).toContain(ask.title);
    expect(f.c.answer(req!.id, f.code())).toBe('accepted');
    expect(await answer).toBe(true);
  });

  it('a page that answers without the code, or declines, is refused', async () => {
    const f = flow();
    const answer = f.c.confirm(ask);
    const id = f.requested[0]!.id;
    expect(f.c.answer(id, '000000')).toBe('wrong-code');
    expect(f.c.answer(id, null)).toBe('declined');
    expect(await answer).toBe(false);
    expect(f.c.answer(id, f.code())).toBe('unknown');
  });

  it('three wrong codes end the question', async () => {
    const f = flow();
    const answer = f.c.confirm(ask);
    const id = f.requested[0]!.id;
    const wrong = f.code() === '111111' ? '222222' : '111111';
    expect(f.c.answer(id, wrong)).toBe('wrong-code');
    expect(f.c.answer(id, wrong)).toBe('wrong-code');
    expect(f.c.answer(id, wrong)).toBe('declined');
    expect(await answer).toBe(false);
  });

  it('an unanswered question times out as declined', async () => {
    const f = flow(50);
    expect(await f.c.confirm(ask)).toBe(false);
  });
});
