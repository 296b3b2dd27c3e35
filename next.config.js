/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package folder: keep it out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "sharp", "@cornerstonejs/codec-openjpeg", "@cornerstonejs/codec-charls", "@cornerstonejs/codec-openjph", "@cornerstonejs/jpeg-lossless-decoder-js"],
  turbopack: {
    resolveAlias: {
      fs: { browser: "./src/lib/empty.ts" },
      "../registerComputeWorker.js": "./src/lib/no-compute-worker.ts",
    },
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
