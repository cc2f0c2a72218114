# The local stand-in for the official python:3.11 bookworm image: Debian's own Python 3.11 with
# venv (images install their locks into a virtualenv, so Debian's externally-managed system Python
# is never touched) and the CA certificates the official image carries. Nothing else: the Spark
# image adds Java itself, the Airflow image needs none. Built by runtime/src/images/bases/python311.ts.
# apt reaches the machine's own mirror, the one the Debian base was bootstrapped from, over the
# host network. Versions are what bookworm serves, like the rest of the Debian base.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN set -eu; \
    apt-get update; \
    apt-get install -y --no-install-recommends python3 python3-venv ca-certificates; \
    rm -rf /var/lib/apt/lists/*; \
    python3 -c 'import sys, venv, ensurepip; assert sys.version_info[:2] == (3, 11), sys.version'
CMD ["python3"]
