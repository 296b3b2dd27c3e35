"use client";

import { useState } from "react";

/** Switches between the light theme and the dark reading-room theme; remembered in a cookie for a year. */
export function ThemeToggle({ initial }: { initial: "light" | "dark" }) {
  const [theme, setTheme] = useState(initial);
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="btn"
      aria-pressed={theme === "dark"}
      onClick={() => {
        document.documentElement.classList.toggle("dark", next === "dark");
        document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
        setTheme(next);
      }}
    >
      Dark theme
    </button>
  );
}
