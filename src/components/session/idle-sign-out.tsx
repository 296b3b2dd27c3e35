"use client";

import { useEffect, useRef } from "react";

const ACTIVITY_KEY = "concilium.lastActivity";
const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart"] as const;
const CHECK_EVERY_MS = 15_000;

/**
 * Signs out after `idleMinutes` without a key press, click or scroll in any tab of the app, so that a screen left
 * open on a shared workstation does not keep showing patients. The server ends idle sessions too; this makes the
 * screen follow, and says why on the sign-in page. Tabs share the last activity through localStorage.
 */
export function IdleSignOut({ idleMinutes }: { idleMinutes: number }) {
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    let last = Date.now();
    let stored = 0;
    const noteActivity = () => {
      last = Date.now();
      // Write at most every few seconds: other tabs only need to know roughly.
      if (last - stored > 5_000) {
        stored = last;
        localStorage.setItem(ACTIVITY_KEY, String(last));
      }
    };
    noteActivity();
    const check = () => {
      const elsewhere = Number(localStorage.getItem(ACTIVITY_KEY) ?? 0);
      if (Date.now() - Math.max(last, elsewhere) >= idleMinutes * 60_000) form.current?.requestSubmit();
    };
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, noteActivity, { passive: true });
    const timer = window.setInterval(check, CHECK_EVERY_MS);
    return () => {
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, noteActivity);
      window.clearInterval(timer);
    };
  }, [idleMinutes]);

  return (
    <form ref={form} method="post" action="/api/auth/sign-out" hidden>
      <input type="hidden" name="reason" value="idle" />
    </form>
  );
}
