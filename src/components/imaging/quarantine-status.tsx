"use client";

import { createContext, useContext, useState, type ReactNode } from "react";

/**
 * Why a region outside the list: a resolved entry leaves the list when the page refreshes, and with it its form, so a
 * message kept inside the form would vanish before anyone (or a screen reader) could read it.
 */
const AnnounceContext = createContext<(message: string) => void>(() => undefined);

export const useQuarantineAnnouncer = () => useContext(AnnounceContext);

export function QuarantineStatus({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  return (
    <AnnounceContext.Provider value={setMessage}>
      <p role="status" aria-live="polite" aria-label="Quarantine result" className={message ? "card text-sm font-medium" : "sr-only"}>
        {message}
      </p>
      {children}
    </AnnounceContext.Provider>
  );
}
