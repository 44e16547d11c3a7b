# Fixline service image. Node 24 runs the TypeScript sources directly (type stripping): no build step.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/prisma-generate.sh --force && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "--disable-warning=TimeoutNegativeWarning", "main.ts"]
