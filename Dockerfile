# The image the Airbyte platform runs: docker build -t source-twilio:dev .
# Node 26 is the active LTS; both stages use the same release. test/shipping-check.test.ts holds this file to the
# rules in tools/shipping/; test/docker-image.test.ts builds and runs it with a real engine.

FROM node:26.12.1-bookworm-slim AS build
WORKDIR /airbyte/integration_code
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --no-update-notifier
COPY tsconfig.json ./
COPY src ./src
COPY tools/bundle.ts ./tools/bundle.ts
RUN npm run build

# The bundle carries its dependencies: the image needs no node_modules, only the files the connector reads.
FROM node:26.12.1-bookworm-slim
WORKDIR /airbyte/integration_code
ENV NODE_ENV=production
COPY package.json spec.json ./
COPY --from=build /airbyte/integration_code/dist/connector ./dist/connector
USER node
ENV AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/connector/main.js"
ENTRYPOINT ["node", "/airbyte/integration_code/dist/connector/main.js"]
LABEL io.airbyte.name=source-twilio
LABEL io.airbyte.version=0.3.0
