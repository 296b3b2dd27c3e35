// Replaces Cornerstone tools' compute-worker registration, whose worker imports itself and makes Turbopack's
// production build hang (vercel/next.js#97399). Only segmentation statistics and contour generation need it.
export function registerComputeWorker(): void {}
