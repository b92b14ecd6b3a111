# Placeholder: the multi-stage image (maintained Node LTS base, production dependencies only, non-root user,
# AIRBYTE_ENTRYPOINT) is finished by the issue that ships the image.
FROM node:20-bookworm-slim
WORKDIR /airbyte/integration_code
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev
ENV AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/src/main.js"
ENTRYPOINT ["node", "/airbyte/integration_code/dist/src/main.js"]
LABEL io.airbyte.name=airbyte/source-twilio
LABEL io.airbyte.version=0.1.0
