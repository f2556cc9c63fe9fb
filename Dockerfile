# LogStream image: one image, every command (`demo`, `send`, `analyze`, `tui`, `view`, `ship`, `ingest`).
# Only src/ is compiled (tsconfig.build.json: no tests, fixtures or contract suites).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/lib ./dist/lib
# `logstream ingest`: Fluentd forward protocol, HTTP JSON/NDJSON. It listens on loopback unless
# given an address: in a container, `ingest --forward 0.0.0.0:24224 --http 0.0.0.0:8514`.
EXPOSE 24224 8514
USER node
ENTRYPOINT ["node", "dist/lib/cli/main.js"]
CMD ["demo"]
