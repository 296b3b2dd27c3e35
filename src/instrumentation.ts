/** Runs once when the server starts: installs the fast path for tiles and frames (see server/fast-path/install.ts). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installFastPath } = await import("./server/fast-path/install");
  installFastPath();
}
