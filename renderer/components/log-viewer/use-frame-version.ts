import { useEffect, useState } from 'react';
import type { LogBuffer } from './log-buffer';

/**
 * Re-renders the caller at most once per animation frame while `buffer` changes: a flood of
 * appends between two frames costs one render, and none while the page is hidden.
 */
export function useFrameVersion(buffer: LogBuffer): number {
  const [version, setVersion] = useState(buffer.version);
  useEffect(() => {
    let frame = 0;
    const onChange = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion(buffer.version);
      });
    };
    const off = buffer.subscribe(onChange);
    onChange(); // catch up with changes made before we subscribed
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [buffer]);
  return version;
}
