# briefbot image: build the virtualenv from the hash-pinned lock file, then copy it into a
# slim runtime stage that runs as an unprivileged user. See docs/self-hosting.md.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies first, from the lock only (every file's hash checked), so code edits reuse
# this layer. The lock also pins the build backend (setuptools, wheel) used below.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
# Built without isolation, so pip fetches no unpinned setuptools. The runtime needs neither
# pip nor the build backend: drop them from the copied virtualenv.
RUN /opt/venv/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /wheels . \
    && /opt/venv/bin/pip install --no-deps /wheels/*.whl \
    && /opt/venv/bin/pip uninstall --yes --quiet setuptools wheel pip

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BRIEFBOT_BRIEFINGS_DIR=/app/briefings \
    BRIEFBOT_DATA_DIR=/data \
    BRIEFBOT_HTTP_HOST=0.0.0.0 \
    BRIEFBOT_HTTP_PORT=8080 \
    BRIEFBOT_HTTP_ENABLED=true
RUN groupadd --system --gid 10001 briefbot \
    && useradd --system --uid 10001 --gid briefbot --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin briefbot \
    && mkdir -p /app /data \
    && chown briefbot:briefbot /app /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=briefbot:briefbot briefings /app/briefings
# Named volumes start as copies of these directories: the seed briefings and an empty data dir.
VOLUME ["/app/briefings", "/data"]
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["briefbot", "health", "--timeout", "5"]
STOPSIGNAL SIGTERM
CMD ["briefbot", "run"]
