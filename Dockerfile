# agenteval as a container image: `docker build -t agenteval .`, then
#   docker run --rm -e OPENAI_API_KEY -v "$PWD/results:/work/results" agenteval run spider --model openai:… --base-url …
# The Kubernetes example (examples/k8s-indexed-job.yaml) runs this image. Node 20 slim; the
# toolchain that compiles better-sqlite3 where no prebuilt binary fits stays in the build stage.
FROM node:20-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Sources before `npm ci`: its `prepare` script compiles them (tsc).
COPY . .
RUN npm ci \
 && npm run build \
 && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Bundled sample data, prompt templates and the reported numbers are read at run time.
COPY --from=build /app/benchmarks ./benchmarks
COPY --from=build /app/results/reported ./results/reported
RUN ln -s /app/dist/harness/cli/main.js /usr/local/bin/agenteval \
 && chmod +x /app/dist/harness/cli/main.js \
 && mkdir -p /work \
 && chown node:node /work
# Runs write under /work/results (mount a volume there, or pass --results-dir / --out).
USER node
WORKDIR /work
ENTRYPOINT ["agenteval"]
CMD ["--help"]
