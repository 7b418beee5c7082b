# Quire in a container: multi-stage (compilers only in the build stage), runs as a non-root user,
# works with a read-only root file system (the data directory is the only writable path), and
# reports health through /healthz.
#   docker build -t quire .
#   docker run -d -p 9191:9191 -p 9192:9192 --read-only --tmpfs /tmp -v quire-data:/var/lib/quire \
#     -e QUIRE_PUBLIC_URL=https://print.example.org quire
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY public ./public
COPY bin ./bin
# The build configuration leaves tests, test support and benchmarks out of dist/.
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
# openssl makes the self-signed certificate for HTTPS on 9192 on first start (when none is mounted).
RUN apt-get update && apt-get install -y --no-install-recommends openssl && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production QUIRE_DATA_DIR=/var/lib/quire QUIRE_PORT=9191 QUIRE_HTTPS_PORT=9192
WORKDIR /opt/quire
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/public ./public
COPY --from=build /src/bin ./bin
RUN useradd --system --uid 10001 --home-dir /var/lib/quire quire && install -d -o quire -g quire -m 0750 /var/lib/quire
USER quire
VOLUME /var/lib/quire
EXPOSE 9191 9192
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9191/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (graceful shutdown: see docs/operating.md).
CMD ["node", "--max-semi-space-size=8", "dist/main.js", "serve"]
