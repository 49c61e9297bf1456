/** What the UI shows for a saved secret: the same dots for every secret, plus when it was saved. */
export function maskedHint(savedAt: number): string {
  const d = new Date(savedAt).toISOString();
  return `•••• saved ${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}
