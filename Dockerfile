# One image for every opad role; the compose file picks the role with `command`.
# Node.js 24, an LTS line (opad supports Node.js 22 and 24: package.json `engines`).

# The web build needs the dev dependencies (TypeScript); only its output goes on.
FROM node:24-bookworm-slim AS web-build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --include=dev
COPY . .
RUN node node_modules/next/dist/bin/next build web

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# Production dependencies only: no test runner, browser driver, benchmark queue or compiler in the running image.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY . .
COPY --from=web-build /app/web/.next web/.next
USER node
# api: node --import tsx api/main.ts · worker: node --import tsx worker/main.ts
# web: node --import tsx web/server.ts --hostname 0.0.0.0 --port 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
