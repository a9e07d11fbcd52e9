# syntax=docker/dockerfile:1
# Échanges API / worker image. The same image serves both roles (APP_ROLE=api|worker).

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV CI=true \
    SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Build: full dependency tree (dev included) + `nest build`.
# --ignore-scripts mirrors npm 11's default on the dev/CI machines: nothing in this
# stack needs install scripts (argon2 ships N-API prebuilds for linux x64/arm64).
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

# Production dependencies only, in their own stage.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# Runtime.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Writable data directory (embedded PGlite default when DATABASE_URL is unset).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
