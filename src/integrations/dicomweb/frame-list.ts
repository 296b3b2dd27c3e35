/** The frame list of a WADO-RS /frames/{list} path. */
const FRAME_LIST = /^[1-9]\d{0,8}(,[1-9]\d{0,8}){0,999}$/;
/** Distinct frames per request: a response is at most this many frames, however the list repeats itself. */
export const MAX_FRAMES_PER_REQUEST = 100;

/** The frame numbers, each once, in the order first asked for; or why the list is refused. */
export function parseFrameList(list: string): { numbers: number[] } | { error: string } {
  if (!FRAME_LIST.test(list)) return { error: `Frame numbers are whole numbers from 1, separated by commas (got "${list.slice(0, 40)}").` };
  const numbers = [...new Set(list.split(",").map(Number))];
  if (numbers.length > MAX_FRAMES_PER_REQUEST) {
    return { error: `At most ${MAX_FRAMES_PER_REQUEST} different frames can be asked for at once (got ${numbers.length}); ask in several requests.` };
  }
  return { numbers };
}
