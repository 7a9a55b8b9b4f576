# One image for every opad role; the compose file picks the role with `command`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm cache clean --force
COPY . .
USER node
# api: node --import tsx api/main.ts · worker: node --import tsx worker/main.ts
CMD ["node", "--import", "tsx", "api/main.ts"]
