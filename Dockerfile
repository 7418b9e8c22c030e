# syntax=docker/dockerfile:1
# Quotation attribution service: gunicorn serving service.app:create_app().
#   docker build -t quote-attribution-service .
#   docker run -p 8000:8000 quote-attribution-service
# PORT (default 8000) and WEB_CONCURRENCY (default 2) are read by gunicorn.conf.py;
# the OpenAPI document served at /openapi.yaml is inside the service's wheel.
#
# The base is pinned to an exact Python patch release and Debian release, so
# a rebuild gets the same interpreter.  Its digest is not pinned: the
# registry could not be reached when this line was last changed.  To pin
# it, append the index digest that
# `docker buildx imagetools inspect python:3.11.17-slim-bookworm` prints
# (python:3.11.17-slim-bookworm@sha256:...).
ARG PYTHON_IMAGE=python:3.11.17-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# The dependencies first, from pyproject.toml alone: a change to the code
# does not rebuild them (nor reinstall them in the image below).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip wheel --no-cache-dir --wheel-dir /wheels/deps -r requirements.txt \
    && cp requirements.txt /wheels/deps/
# Then the service itself, one wheel carrying its data files (lexicons,
# weights, the demo page, openapi.yaml).
COPY service ./service
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels/service .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
# Only the wheels built above, no index; mounted for each step so they take
# no room in the image.  Dependencies and the service are separate layers:
# a code change replaces only the second.
RUN --mount=type=bind,from=build,source=/wheels/deps,target=/wheels/deps \
    pip install --no-cache-dir --no-index --find-links=/wheels/deps -r /wheels/deps/requirements.txt
RUN --mount=type=bind,from=build,source=/wheels/service,target=/wheels/service \
    pip install --no-cache-dir --no-index --no-deps /wheels/service/quote_attribution_service-*.whl
WORKDIR /app
COPY gunicorn.conf.py ./
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "service.app:create_app()"]
