# The build base of the project's Node images: the whole Debian base with the node binary of the
# node20 base and npm from its npm package, for the build stages (npm ci, tsc). Built by
# runtime/src/images/bases/node20.ts; the context holds only npm.tgz.
ARG DEBIAN_IMAGE
ARG NODE_IMAGE
FROM ${NODE_IMAGE} AS node

FROM ${DEBIAN_IMAGE}
ARG NODE_VERSION
COPY --from=node /usr/local/bin/node /usr/local/bin/node
ADD npm.tgz /usr/local/lib/
RUN set -eu; \
    mkdir -p /usr/local/lib/node_modules; \
    mv /usr/local/lib/package /usr/local/lib/node_modules/npm; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \
    groupadd --gid 1000 node; \
    useradd --uid 1000 --gid node --create-home --shell /bin/bash node; \
    node --version; npm --version
ENV NODE_VERSION=${NODE_VERSION}
CMD ["node"]
