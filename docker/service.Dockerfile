# One image for the three Node services of the dev stack (docker/compose.yaml picks the
# command). The workspace is copied whole: services import the shared libs as TypeScript.
FROM node:24-bookworm-slim
WORKDIR /workspace
COPY . .
RUN npm ci --no-audit --no-fund
ENV HOST=0.0.0.0
