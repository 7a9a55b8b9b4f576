# One image for every opad role; the compose file picks the role with `command`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# Dev dependencies too: the web build needs TypeScript.
RUN npm ci --ignore-scripts --include=dev && npm cache clean --force
COPY . .
RUN node node_modules/next/dist/bin/next build web
ENV NODE_ENV=production
USER node
# api: node --import tsx api/main.ts · worker: node --import tsx worker/main.ts
# web: node --import tsx web/server.ts --hostname 0.0.0.0 --port 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
