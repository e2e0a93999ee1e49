# The controller image: `docker build -t rollouts-controller:latest .` (deploy/ runs rollouts-controller:latest;
# `cd deploy/base && kustomize edit set image rollouts-controller=REGISTRY/rollouts-controller:TAG` for yours).

# Build: every dependency, then the TypeScript compile into dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts

# Runtime: dist/ and production node_modules, run as a numeric non-root user (runAsNonRoot can check it).
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN chmod 0755 dist/controller/main.js dist/cli/main.js \
 && ln -s /app/dist/controller/main.js /usr/local/bin/rollouts-controller \
 && ln -s /app/dist/cli/main.js /usr/local/bin/kubectl-rollouts
USER 1000:1000
EXPOSE 8080 8090
ENTRYPOINT ["rollouts-controller"]
