// Clocks on screen (time in state, call timers, longest wait) tick once a second here,
// without asking the server again.
import { useEffect, useState } from "preact/hooks";

// This browser's time, refreshed every second.
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

// `base` seconds as of `readAt` (this browser's time), plus the time since.
export function useElapsed(base: number, readAt: number): number {
  return base + Math.max(0, (useNow() - readAt) / 1000);
}
